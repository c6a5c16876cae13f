import { randomUUID } from "node:crypto";
import { type PostedEntry, postLedgerEntry } from "@relay/billing";
import { inTransaction } from "@relay/db";
import { z } from "zod";
import { auditMoney, writeAudit } from "../audit.ts";
import type { ServiceContext } from "../context.ts";
import { ServiceError } from "../errors.ts";
import { usdAmount } from "../money-input.ts";
import { findTenant } from "./find.ts";

export const creditTenantInput = z.object({
  tenant: z.string().min(1),
  /** Positive credits, negative debits. */
  amount: usdAmount,
  reason: z.string().trim().min(1, "a reason is required"),
  /** GRANT for free credit given away, ADJUSTMENT for corrections; by sign when omitted. */
  kind: z.enum(["GRANT", "ADJUSTMENT", "REFUND"]).optional(),
  /** Makes a retried command safe: the same key never moves money twice. */
  idempotencyKey: z.string().min(1).max(200).optional(),
});

/** An operator's manual credit or debit: one ledger entry and its audit row, together. */
export async function creditTenant({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: z.output<typeof creditTenantInput>;
}): Promise<PostedEntry> {
  if (input.amount === 0n) throw new ServiceError("INVALID_INPUT", "The amount cannot be zero");
  return inTransaction(ctx.db, async (tx) => {
    const tenant = await findTenant({ ctx: { db: tx }, input: { tenant: input.tenant } });
    const kind = input.kind ?? (input.amount > 0n ? "GRANT" : "ADJUSTMENT");
    const posted = await postLedgerEntry({
      ctx: { db: tx },
      input: {
        tenantId: tenant.id,
        kind,
        amount: input.amount,
        idempotencyKey: input.idempotencyKey ?? `manual:${randomUUID()}`,
        reason: input.reason,
        actorId: ctx.actor.userId,
      },
    });
    if (!posted.duplicate) {
      await writeAudit(tx, ctx.actor, {
        action: `ledger.${kind.toLowerCase()}`,
        targetType: "ledger_entry",
        targetId: posted.entry.id.toString(),
        tenantId: tenant.id,
        data: { amount: auditMoney(input.amount), reason: input.reason },
      });
    }
    return posted;
  });
}
