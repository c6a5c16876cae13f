import type { Db, Tx } from "@relay/db";
import { BillingError } from "./errors.ts";
import type { Micros } from "./money.ts";

export interface Balance {
  /** Sum of the ledger. */
  balance: Micros;
  /** Reserved by calls in flight. */
  held: Micros;
  /** What new calls may spend: balance - held. */
  available: Micros;
}

export async function getBalance({
  ctx,
  input,
}: {
  ctx: { db: Db | Tx };
  input: { tenantId: string };
}): Promise<Balance> {
  const tenant = await ctx.db.tenant.findUnique({
    where: { id: input.tenantId },
    select: { balance: true, held: true },
  });
  if (!tenant) throw new BillingError("TENANT_NOT_FOUND", `No tenant ${input.tenantId}`);
  return { balance: tenant.balance, held: tenant.held, available: tenant.balance - tenant.held };
}

/** The ledger's own total for a tenant: what the balance column must always equal. */
export async function ledgerTotal({
  ctx,
  input,
}: {
  ctx: { db: Db | Tx };
  input: { tenantId: string };
}): Promise<Micros> {
  const result = await ctx.db.ledgerEntry.aggregate({
    where: { tenantId: input.tenantId },
    _sum: { amount: true },
  });
  return result._sum.amount ?? 0n;
}
