import { postLedgerEntry } from "@relay/billing";
import { inTransaction } from "@relay/db";
import { z } from "zod";
import { auditMoney, writeAudit } from "../audit.ts";
import type { ServiceContext } from "../context.ts";
import { ServiceError } from "../errors.ts";
import { normalizeRedemptionCode } from "./code.ts";

export const redeemCodeInput = z.object({
  tenantId: z.uuid(),
  userId: z.uuid(),
  code: z.string().trim().min(1, "enter a code").max(64),
});

/**
 * Guessing limit: this many failed attempts per user within the window, then RATE_LIMITED.
 * Failures are kept in the database (audit rows `redemption.failed`), not in memory, so the limit
 * holds across console replicas and restarts; the audit log's created_at index serves the count.
 */
export const REDEEM_FAILURE_LIMIT = 10;
export const REDEEM_FAILURE_WINDOW_MS = 10 * 60 * 1000;

export interface Redeemed {
  codeId: string;
  amount: bigint;
  balanceAfter: bigint;
}

type Refusal = { code: "NOT_FOUND" | "CONFLICT"; message: string; reason: string };

async function refusalFor(db: ServiceContext["db"], code: string): Promise<Refusal> {
  const row = await db.redemptionCode.findUnique({
    where: { code },
    select: { state: true, expiresAt: true },
  });
  if (!row) return { code: "NOT_FOUND", message: "This code is not valid", reason: "unknown" };
  if (row.state === "REDEEMED") {
    return { code: "CONFLICT", message: "This code has already been redeemed", reason: "redeemed" };
  }
  if (row.state === "DISABLED") {
    return { code: "CONFLICT", message: "This code has been disabled", reason: "disabled" };
  }
  return { code: "CONFLICT", message: "This code has expired", reason: "expired" };
}

const RATE_LIMITED_MESSAGE = "Too many invalid codes: wait ten minutes before trying again";

/**
 * Redeems a code for a tenant, exactly once: the conditional UPDATE claims the code (a concurrent
 * redemption waits on the row lock, then matches nothing), the ledger entry's idempotency key is
 * the code's id, and the audit row commits with both.
 *
 * One user's attempts are judged one at a time: each locks the user's row, counts the recent
 * failures and records its own failure before the lock is released, so parallel guesses cannot
 * all be judged against the same stale count.
 */
export async function redeemCode({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: z.output<typeof redeemCodeInput>;
}): Promise<Redeemed> {
  const code = normalizeRedemptionCode(input.code);
  const outcome = await inTransaction(ctx.db, async (tx) => {
    // NO KEY UPDATE: serialises attempts without blocking rows that merely reference the user.
    const user = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM users WHERE id = ${input.userId}::uuid FOR NO KEY UPDATE`;
    if (!user[0]) throw new ServiceError("NOT_FOUND", "No such user");
    const since = new Date(Date.now() - REDEEM_FAILURE_WINDOW_MS);
    const failures = await tx.auditLog.count({
      where: { action: "redemption.failed", actorId: input.userId, createdAt: { gt: since } },
    });
    if (failures >= REDEEM_FAILURE_LIMIT) {
      return {
        ok: false as const,
        refused: { code: "RATE_LIMITED" as const, message: RATE_LIMITED_MESSAGE },
      };
    }

    const claimed = await tx.$queryRaw<{ id: string; amount: bigint }[]>`
      UPDATE redemption_codes
         SET state = 'REDEEMED', redeemed_at = now(),
             redeemed_by_tenant_id = ${input.tenantId}::uuid,
             redeemed_by_user_id = ${input.userId}::uuid
       WHERE code = ${code} AND state = 'ACTIVE' AND (expires_at IS NULL OR expires_at > now())
       RETURNING id, amount`;
    const row = claimed[0];
    if (!row) {
      // The claim changed nothing; the failure commits, under the lock, to count toward the limit.
      const refused = await refusalFor(tx, code);
      await writeAudit(
        tx,
        { label: ctx.actor.label, userId: input.userId },
        {
          action: "redemption.failed",
          targetType: "redemption_code",
          tenantId: input.tenantId,
          data: { reason: refused.reason },
        },
      );
      return { ok: false as const, refused };
    }
    const amount = BigInt(row.amount);
    const posted = await postLedgerEntry({
      ctx: { db: tx },
      input: {
        tenantId: input.tenantId,
        kind: "REDEMPTION",
        amount,
        idempotencyKey: `redeem:${row.id}`,
        reference: row.id,
        reason: "Redemption code",
        actorId: input.userId,
      },
    });
    await writeAudit(tx, ctx.actor, {
      action: "redemption.redeem",
      targetType: "redemption_code",
      targetId: row.id,
      tenantId: input.tenantId,
      data: { amount: auditMoney(amount), ledgerEntryId: posted.entry.id.toString() },
    });
    return {
      ok: true as const,
      redeemed: { codeId: row.id, amount, balanceAfter: posted.entry.balanceAfter },
    };
  });

  if (outcome.ok) return outcome.redeemed;
  throw new ServiceError(outcome.refused.code, outcome.refused.message);
}
