// The only writer of tenants.balance. Every movement of money is one append-only ledger entry,
// and the balance column changes by exactly the entry's amount in the same transaction, so
// balance == sum(ledger) for every tenant, always.
import { type Db, inTransaction, type LedgerEntry, type LedgerKind, type Tx } from "@relay/db";
import { BALANCE_CHANNEL, encodeBalanceNotice } from "./balance-notice.ts";
import { BillingError } from "./errors.ts";
import type { Micros } from "./money.ts";

export interface BillingContext {
  db: Db | Tx;
}

export interface LedgerEntryInput {
  tenantId: string;
  kind: LedgerKind;
  /** Signed: credits are positive, debits negative. */
  amount: Micros;
  /** Retrying with the same key returns the first entry instead of moving money twice. */
  idempotencyKey: string;
  reason?: string;
  reference?: string;
  actorId?: string;
  /** When set, a debit that would leave the balance below this is refused. */
  floor?: Micros;
}

export interface PostedEntry {
  entry: LedgerEntry;
  /** True when the idempotency key had been used: nothing moved this time. */
  duplicate: boolean;
}

export async function postLedgerEntry({
  ctx,
  input,
}: {
  ctx: BillingContext;
  input: LedgerEntryInput;
}): Promise<PostedEntry> {
  if (input.amount === 0n)
    throw new BillingError("INVALID_AMOUNT", "A ledger entry cannot be zero");
  return inTransaction(ctx.db, async (tx) => {
    // Lock the tenant row first: entries of one tenant are serialised, and a concurrent retry
    // with the same idempotency key waits here, then sees the first one's committed entry.
    const locked = await tx.$queryRaw<{ balance: bigint }[]>`
      SELECT balance FROM tenants WHERE id = ${input.tenantId}::uuid FOR UPDATE`;
    const current = locked[0];
    if (!current) throw new BillingError("TENANT_NOT_FOUND", `No tenant ${input.tenantId}`);

    const existing = await tx.ledgerEntry.findUnique({
      where: { idempotencyKey: input.idempotencyKey },
    });
    if (existing) {
      if (existing.tenantId !== input.tenantId || existing.amount !== input.amount) {
        throw new BillingError(
          "IDEMPOTENCY_CONFLICT",
          `Idempotency key ${input.idempotencyKey} was already used for a different entry`,
        );
      }
      return { entry: existing, duplicate: true };
    }

    const balanceAfter = current.balance + input.amount;
    if (input.floor !== undefined && input.amount < 0n && balanceAfter < input.floor) {
      throw new BillingError("INSUFFICIENT_BALANCE", "The balance does not cover this debit");
    }
    await tx.tenant.update({ where: { id: input.tenantId }, data: { balance: balanceAfter } });
    const entry = await tx.ledgerEntry.create({
      data: {
        tenantId: input.tenantId,
        kind: input.kind,
        amount: input.amount,
        balanceAfter,
        idempotencyKey: input.idempotencyKey,
        reason: input.reason ?? null,
        reference: input.reference ?? null,
        actorId: input.actorId ?? null,
      },
    });
    // Replicas mirroring this balance (Redis holds) follow it; see balance-notice.ts.
    const notice = encodeBalanceNotice({
      tenantId: input.tenantId,
      version: entry.id,
      balance: balanceAfter,
    });
    await tx.$executeRaw`SELECT pg_notify(${BALANCE_CHANNEL}, ${notice})`;
    return { entry, duplicate: false };
  });
}
