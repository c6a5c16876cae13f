// A tenant's top-up orders and their receipts. Every query filters by the tenant, so another
// tenant's order id reads as not found, the same as an id that does not exist.
import type { Db, TopUpOrder, TopUpState, Tx } from "@relay/db";
import { z } from "zod";
import { PaymentsError } from "./errors.ts";

export interface TopUpOrderSummary {
  id: string;
  state: TopUpState;
  /** What was paid, in the currency's minor unit. */
  currency: string;
  amountMinor: bigint;
  /** Micro-dollars credited (or to be credited, while pending). */
  creditAmount: bigint;
  /** Micro-dollars debited again by refunds, cumulative. */
  refundedAmount: bigint;
  paymentMethod: string | null;
  createdAt: Date;
  paidAt: Date | null;
}

function summary(order: TopUpOrder): TopUpOrderSummary {
  return {
    id: order.id,
    state: order.state,
    currency: order.currency,
    amountMinor: order.amountMinor,
    creditAmount: order.creditAmount,
    refundedAmount: order.refundedAmount,
    paymentMethod: order.paymentMethod,
    createdAt: order.createdAt,
    paidAt: order.paidAt,
  };
}

export const listTopUpOrdersInput = z.object({
  tenantId: z.uuid(),
  /** The id of the last order of the previous page. */
  cursor: z.uuid().optional(),
  limit: z.number().int().min(1).max(100).default(20),
});

/** Newest first, by keyset on (created_at, id) within the tenant. */
export async function listTopUpOrders({
  ctx,
  input,
}: {
  ctx: { db: Db | Tx };
  input: z.output<typeof listTopUpOrdersInput>;
}): Promise<{ items: TopUpOrderSummary[]; nextCursor: string | null }> {
  const after = input.cursor
    ? await ctx.db.topUpOrder.findFirst({
        where: { id: input.cursor, tenantId: input.tenantId },
        select: { id: true, createdAt: true },
      })
    : null;
  if (input.cursor && !after) return { items: [], nextCursor: null };
  const rows = await ctx.db.topUpOrder.findMany({
    where: {
      tenantId: input.tenantId,
      ...(after
        ? {
            OR: [
              { createdAt: { lt: after.createdAt } },
              { createdAt: after.createdAt, id: { lt: after.id } },
            ],
          }
        : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
  });
  const items = rows.slice(0, input.limit).map(summary);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > input.limit && last ? last.id : null };
}

/** The order a Checkout Session belongs to: the page Stripe sends the payer back to shows it. */
export async function topUpOrderBySession({
  ctx,
  input,
}: {
  ctx: { db: Db | Tx };
  input: { tenantId: string; sessionId: string };
}): Promise<TopUpOrderSummary> {
  const order = await ctx.db.topUpOrder.findFirst({
    where: { tenantId: input.tenantId, stripeSessionId: input.sessionId },
  });
  if (!order) throw new PaymentsError("NOT_FOUND", "No such top-up");
  return summary(order);
}

export interface TopUpReceipt {
  /** Stable and readable: the day paid (UTC) and the start of the order id. */
  receiptNumber: string;
  order: TopUpOrderSummary & {
    paidAt: Date;
    stripeSessionId: string | null;
    stripePaymentIntentId: string | null;
    /** WeChat Pay's transaction_id or Alipay's trade_no. */
    providerTradeNo: string | null;
  };
  tenant: { name: string; slug: string };
  /** Each refund's debit, in micro-dollars (positive), oldest first. */
  refunds: Array<{ id: string; createdAt: Date; amount: bigint }>;
  /**
   * The refunded total in the paid currency's minor unit, when it follows exactly from the
   * credited and refunded micro-dollars (the rate did not change in between); otherwise null.
   */
  refundedMinor: bigint | null;
}

export function receiptNumber(orderId: string, paidAt: Date): string {
  const day = paidAt.toISOString().slice(0, 10).replaceAll("-", "");
  return `R-${day}-${orderId.replaceAll("-", "").slice(0, 8).toUpperCase()}`;
}

/** Paid orders only (refunded ones included: they were paid); anything else is not found. */
export async function topUpReceipt({
  ctx,
  input,
}: {
  ctx: { db: Db | Tx };
  input: { tenantId: string; orderId: string };
}): Promise<TopUpReceipt> {
  const order = await ctx.db.topUpOrder.findFirst({
    where: { id: input.orderId, tenantId: input.tenantId, paidAt: { not: null } },
    include: { tenant: { select: { name: true, slug: true } } },
  });
  if (!order?.paidAt) throw new PaymentsError("NOT_FOUND", "No receipt for this top-up");
  const refunds = await ctx.db.ledgerEntry.findMany({
    where: { tenantId: input.tenantId, kind: "REFUND", reference: order.id },
    orderBy: { id: "asc" },
    select: { id: true, createdAt: true, amount: true },
  });
  const refundedScaled = order.amountMinor * order.refundedAmount;
  const refundedMinor =
    order.creditAmount > 0n && refundedScaled % order.creditAmount === 0n
      ? refundedScaled / order.creditAmount
      : null;
  return {
    receiptNumber: receiptNumber(order.id, order.paidAt),
    order: {
      ...summary(order),
      paidAt: order.paidAt,
      stripeSessionId: order.stripeSessionId,
      stripePaymentIntentId: order.stripePaymentIntentId,
      providerTradeNo: order.providerTradeNo,
    },
    tenant: order.tenant,
    refunds: refunds.map((entry) => ({
      id: entry.id.toString(),
      createdAt: entry.createdAt,
      amount: -entry.amount,
    })),
    refundedMinor,
  };
}
