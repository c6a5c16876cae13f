// What the webhook writes beside each money movement: the audit row (actor "stripe") and the
// ledger reason's amount, which developers read.
import type { Tx } from "@relay/db";
import { minorToDecimal } from "./currency.ts";

export async function auditStripe(
  tx: Tx,
  action: string,
  tenantId: string,
  orderId: string,
  data: Record<string, string>,
): Promise<void> {
  await tx.auditLog.create({
    data: {
      actorLabel: "stripe",
      action,
      targetType: "topup_order",
      targetId: orderId,
      tenantId,
      data,
    },
  });
}

/** 1234 of "usd" -> "12.34 USD". */
export function formatMinor(amount: number, currency: string): string {
  return `${minorToDecimal(BigInt(amount), currency)} ${currency.toUpperCase()}`;
}
