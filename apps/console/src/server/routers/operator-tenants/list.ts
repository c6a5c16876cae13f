import { listTenantPage, listTenantPageInput } from "@relay/services";
import { z } from "zod";
import { operatorProcedure } from "../../trpc.ts";

export const operatorTenantListOutput = z.object({
  items: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      slug: z.string(),
      status: z.enum(["ACTIVE", "SUSPENDED"]),
      balance: z.bigint(),
      held: z.bigint(),
      createdAt: z.date(),
    }),
  ),
  /** Pass back as `cursor` for the next page; null on the last one. */
  nextCursor: z.string().nullable(),
});

/** Every tenant, oldest first, a page at a time (keyset), searchable by name or slug. */
export const operatorTenantList = operatorProcedure
  .input(listTenantPageInput)
  .output(operatorTenantListOutput)
  .query(({ ctx, input }) => listTenantPage({ ctx, input }));
