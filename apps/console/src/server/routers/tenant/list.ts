import { listTenants } from "@relay/services";
import { z } from "zod";
import { operatorProcedure } from "../../trpc.ts";

export const tenantListOutput = z.array(
  z.object({
    id: z.uuid(),
    name: z.string(),
    slug: z.string(),
    status: z.enum(["ACTIVE", "SUSPENDED"]),
    balance: z.bigint(),
    createdAt: z.date(),
  }),
);

/** Operators: every tenant, searchable by name or slug. */
export const tenantList = operatorProcedure
  .input(z.object({ search: z.string().trim().max(120).optional() }))
  .output(tenantListOutput)
  .query(({ ctx, input }) => listTenants({ ctx, input: { search: input.search || undefined } }));
