import { createApiKey, ipOrCidr } from "@relay/services";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { tenantRoleProcedure } from "../../trpc.ts";

export const apiKeyCreateInput = z.object({
  name: z.string().trim().min(1).max(80),
  expiresAt: z.date().optional(),
  allowedModels: z.array(z.string().trim().min(1).max(200)).max(100).default([]),
  allowedIps: z.array(ipOrCidr).max(100).default([]),
  rpmLimit: z.number().int().positive().optional(),
  tpmLimit: z.number().int().positive().optional(),
  /** Micro-dollars. */
  budget: z.bigint().positive().optional(),
});

export const apiKeyCreateOutput = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  /** The whole key: this answer is the only time it is ever shown. */
  secret: z.string(),
});

/**
 * Any member may create a key, but limits are what an admin hands out (apiKey.update is ADMIN
 * only): a developer's key must carry a budget, so no developer can mint a key that spends the
 * whole balance. An admin can lift it later.
 */
export const apiKeyCreate = tenantRoleProcedure("DEVELOPER")
  .input(apiKeyCreateInput)
  .output(apiKeyCreateOutput)
  .mutation(async ({ ctx, input }) => {
    if (ctx.membership.role === "DEVELOPER" && input.budget === undefined) {
      throw new TRPCError({
        code: "FORBIDDEN",
        message: "A developer's key needs a budget; an admin can create one without",
      });
    }
    const { apiKey, secret } = await createApiKey({
      ctx,
      input: {
        tenant: ctx.membership.tenantId,
        name: input.name,
        expiresAt: input.expiresAt,
        allowedModels: input.allowedModels,
        allowedIps: input.allowedIps,
        rpmLimit: input.rpmLimit,
        tpmLimit: input.tpmLimit,
        budget: input.budget,
      },
    });
    return { id: apiKey.id, name: apiKey.name, prefix: apiKey.prefix, secret };
  });
