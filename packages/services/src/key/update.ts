import { isIP } from "node:net";
import { type ApiKey, inTransaction } from "@relay/db";
import { z } from "zod";
import { auditMoney, writeAudit } from "../audit.ts";
import type { ServiceContext } from "../context.ts";
import { ServiceError } from "../errors.ts";

/** An address ("203.0.113.7", "2001:db8::1") or a CIDR block ("10.0.0.0/8"). */
export const ipOrCidr = z
  .string()
  .trim()
  .refine((text) => {
    const [address = "", prefix, extra] = text.split("/");
    const family = isIP(address);
    if (family === 0 || extra !== undefined) return false;
    if (prefix === undefined) return true;
    if (!/^\d{1,3}$/.test(prefix)) return false;
    return Number(prefix) <= (family === 4 ? 32 : 128);
  }, "not an IP address or CIDR block");

export const updateApiKeyInput = z.object({
  tenantId: z.uuid(),
  keyId: z.uuid(),
  name: z.string().trim().min(1).max(80).optional(),
  /** null clears a limit; undefined leaves it as it is. */
  expiresAt: z.date().nullable().optional(),
  allowedModels: z.array(z.string().trim().min(1).max(200)).max(100).optional(),
  allowedIps: z.array(ipOrCidr).max(100).optional(),
  rpmLimit: z.number().int().positive().nullable().optional(),
  tpmLimit: z.number().int().positive().nullable().optional(),
  /** Micro-dollars. */
  budget: z.bigint().positive().nullable().optional(),
  status: z.enum(["ACTIVE", "DISABLED"]).optional(),
  /** The seed service's "code" and "msg" in JSON answers; null follows the tenant. */
  codeMsg: z.boolean().nullable().optional(),
});

/**
 * Changes a key's limits or switches it off and on. A revoked key stays revoked. The proxy's key
 * cache is told by the notification this transaction sends, exactly as for a revocation.
 */
export async function updateApiKey({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: z.output<typeof updateApiKeyInput>;
}): Promise<Omit<ApiKey, "keyHash">> {
  return inTransaction(ctx.db, async (tx) => {
    const found = await tx.apiKey.findFirst({
      where: { id: input.keyId, tenantId: input.tenantId },
    });
    if (!found) throw new ServiceError("NOT_FOUND", "No such API key");
    if (found.status === "REVOKED") {
      throw new ServiceError("CONFLICT", "A revoked key cannot be changed");
    }
    const { keyHash, ...updated } = await tx.apiKey.update({
      where: { id: found.id },
      data: {
        name: input.name,
        expiresAt: input.expiresAt,
        allowedModels: input.allowedModels,
        allowedIps: input.allowedIps,
        rpmLimit: input.rpmLimit,
        tpmLimit: input.tpmLimit,
        budget: input.budget,
        status: input.status,
        codeMsg: input.codeMsg,
      },
    });
    await tx.$executeRaw`SELECT pg_notify('relay_api_key_changed', ${keyHash})`;
    const action =
      input.status && input.status !== found.status
        ? input.status === "DISABLED"
          ? "api_key.disable"
          : "api_key.enable"
        : "api_key.update";
    await writeAudit(tx, ctx.actor, {
      action,
      targetType: "api_key",
      targetId: found.id,
      tenantId: found.tenantId,
      data: {
        prefix: found.prefix,
        name: updated.name,
        status: updated.status,
        expiresAt: updated.expiresAt?.toISOString() ?? null,
        allowedModels: updated.allowedModels,
        allowedIps: updated.allowedIps,
        rpmLimit: updated.rpmLimit,
        tpmLimit: updated.tpmLimit,
        budget: updated.budget === null ? null : auditMoney(updated.budget),
        codeMsg: updated.codeMsg,
      },
    });
    return updated;
  });
}
