import { listApiKeys } from "@relay/services";
import { z } from "zod";
import { tenantProcedure } from "../../trpc.ts";

export const apiKeyListOutput = z.array(
  z.object({
    id: z.uuid(),
    name: z.string(),
    prefix: z.string(),
    status: z.enum(["ACTIVE", "DISABLED", "REVOKED"]),
    createdAt: z.date(),
    lastUsedAt: z.date().nullable(),
    expiresAt: z.date().nullable(),
    revokedAt: z.date().nullable(),
    spent: z.bigint(),
    budget: z.bigint().nullable(),
    rpmLimit: z.number().int().nullable(),
    tpmLimit: z.number().int().nullable(),
    allowedModels: z.array(z.string()),
    allowedIps: z.array(z.string()),
    /** "code" and "msg" in JSON answers; null follows the tenant. */
    codeMsg: z.boolean().nullable(),
  }),
);

export const apiKeyList = tenantProcedure
  .output(apiKeyListOutput)
  .query(({ ctx }) => listApiKeys({ ctx, input: { tenantId: ctx.membership.tenantId } }));
