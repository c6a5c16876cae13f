import { type ApiKey, inTransaction } from "@relay/db";
import { z } from "zod";
import { writeAudit } from "../audit.ts";
import type { ServiceContext } from "../context.ts";
import { usdAmount } from "../money-input.ts";
import { findTenant } from "../tenant/find.ts";
import { generateApiKey, hashApiKey, visiblePrefix } from "./secret.ts";

export const createApiKeyInput = z.object({
  tenant: z.string().min(1),
  name: z.string().trim().min(1).max(80).default("default"),
  expiresAt: z.coerce.date().optional(),
  allowedModels: z.array(z.string().min(1)).default([]),
  allowedIps: z.array(z.string().min(1)).default([]),
  rpmLimit: z.number().int().positive().optional(),
  tpmLimit: z.number().int().positive().optional(),
  budget: usdAmount.optional(),
});

export interface CreatedApiKey {
  apiKey: ApiKey;
  /** The whole key: returned this once and never stored. */
  secret: string;
}

export async function createApiKey({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: z.output<typeof createApiKeyInput>;
}): Promise<CreatedApiKey> {
  const secret = generateApiKey();
  return inTransaction(ctx.db, async (tx) => {
    const tenant = await findTenant({ ctx: { db: tx }, input: { tenant: input.tenant } });
    const apiKey = await tx.apiKey.create({
      data: {
        tenantId: tenant.id,
        name: input.name,
        keyHash: hashApiKey(secret),
        prefix: visiblePrefix(secret),
        expiresAt: input.expiresAt ?? null,
        allowedModels: input.allowedModels,
        allowedIps: input.allowedIps,
        rpmLimit: input.rpmLimit ?? null,
        tpmLimit: input.tpmLimit ?? null,
        budget: input.budget ?? null,
        createdById: ctx.actor.userId ?? null,
      },
    });
    await writeAudit(tx, ctx.actor, {
      action: "api_key.create",
      targetType: "api_key",
      targetId: apiKey.id,
      tenantId: tenant.id,
      data: { name: apiKey.name, prefix: apiKey.prefix },
    });
    return { apiKey, secret };
  });
}
