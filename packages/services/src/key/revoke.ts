import { type ApiKey, inTransaction } from "@relay/db";
import { z } from "zod";
import { writeAudit } from "../audit.ts";
import type { ServiceContext } from "../context.ts";
import { ServiceError } from "../errors.ts";

export const revokeApiKeyInput = z.object({
  /** The key's id, or its visible prefix ("sk-relay-AbC1"), as the console lists it. */
  key: z.string().min(1),
  /** When given, the key must belong to this tenant (console callers always pass it). */
  tenantId: z.string().uuid().optional(),
});

/** Revocation is final. The proxy's key cache is told by the notification this transaction sends. */
export async function revokeApiKey({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: z.output<typeof revokeApiKeyInput>;
}): Promise<ApiKey> {
  return inTransaction(ctx.db, async (tx) => {
    const byId = z.string().uuid().safeParse(input.key).success;
    const matches = await tx.apiKey.findMany({
      where: {
        ...(byId ? { id: input.key } : { prefix: input.key }),
        ...(input.tenantId ? { tenantId: input.tenantId } : {}),
      },
      take: 2,
    });
    const [found, another] = matches;
    if (!found) throw new ServiceError("NOT_FOUND", `No API key "${input.key}"`);
    if (another) {
      throw new ServiceError("CONFLICT", `"${input.key}" matches several keys; use the key's id`);
    }
    if (found.status === "REVOKED") return found;

    const revoked = await tx.apiKey.update({
      where: { id: found.id },
      data: { status: "REVOKED", revokedAt: new Date() },
    });
    await tx.$executeRaw`SELECT pg_notify('relay_api_key_changed', ${found.keyHash})`;
    await writeAudit(tx, ctx.actor, {
      action: "api_key.revoke",
      targetType: "api_key",
      targetId: found.id,
      tenantId: found.tenantId,
      data: { prefix: found.prefix },
    });
    return revoked;
  });
}
