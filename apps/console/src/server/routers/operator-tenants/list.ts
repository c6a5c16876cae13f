import { listTenants } from "@relay/services";
import { z } from "zod";
import { operatorProcedure } from "../../trpc.ts";

export const operatorTenantListOutput = z.array(
  z.object({
    id: z.uuid(),
    name: z.string(),
    slug: z.string(),
    status: z.enum(["ACTIVE", "SUSPENDED"]),
    balance: z.bigint(),
    held: z.bigint(),
    createdAt: z.date(),
  }),
);

/** Every tenant, searchable by name or slug. */
export const operatorTenantList = operatorProcedure
  .input(z.object({ search: z.string().trim().max(120).optional() }))
  .output(operatorTenantListOutput)
  .query(({ ctx, input }) =>
    listTenants({ ctx, input: { search: input.search || undefined, take: 200 } }),
  );
