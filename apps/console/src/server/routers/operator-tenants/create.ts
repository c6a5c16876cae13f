import { createTenant, createTenantInput } from "@relay/services";
import { z } from "zod";
import { operatorProcedure } from "../../trpc.ts";

export const operatorTenantCreateInput = z.object({
  name: createTenantInput.shape.name,
  /** The workspace's address; empty derives it from the name. */
  slug: createTenantInput.shape.slug.or(z.literal("")),
  /** USD as typed, "5" or "12.50"; empty means no opening credit. */
  credit: z
    .string()
    .trim()
    .regex(/^(\d+(\.\d{1,6})?)?$/, "a dollar amount like 5 or 12.50")
    .optional(),
});

export const operatorTenantCreateOutput = z.object({
  id: z.uuid(),
  slug: z.string(),
  balance: z.bigint(),
});

export const operatorTenantCreate = operatorProcedure
  .input(operatorTenantCreateInput)
  .output(operatorTenantCreateOutput)
  .mutation(({ ctx, input }) =>
    createTenant({
      ctx,
      input: createTenantInput.parse({
        name: input.name,
        slug: input.slug || undefined,
        credit: input.credit || undefined,
      }),
    }),
  );
