// A QR order while the payer looks at it, and after. The billing page polls it; when asked (the
// notification may be late or lost) the provider is queried and a paid order is credited. An
// order past its expiry is queried once more (a payment at the last second still counts), then
// closed with the provider so it can no longer be paid, then marked EXPIRED.
import type { Db, TopUpOrder } from "@relay/db";
import { PaymentsError } from "../errors.ts";
import type { QrProvider } from "./provider.ts";
import { settlePaidTrade } from "./settle.ts";

async function reload(db: Db, order: TopUpOrder): Promise<TopUpOrder> {
  return db.topUpOrder.findUniqueOrThrow({ where: { id: order.id } });
}

/** Credits the order if the provider says it is paid; closes it if it is past its expiry. */
export async function reconcileQrOrder(
  db: Db,
  provider: QrProvider,
  order: TopUpOrder,
  now: Date,
): Promise<TopUpOrder> {
  if (order.state !== "PENDING") return order;
  const trade = await provider.query(order.id);
  if (trade.status === "paid") {
    await settlePaidTrade(db, provider, order, trade);
    return reload(db, order);
  }
  const expired = order.expiresAt !== null && order.expiresAt.getTime() <= now.getTime();
  if (!expired && trade.status !== "closed") return order;
  // Closed with the provider too, so a QR still on someone's screen can no longer be paid.
  if (trade.status === "pending" || trade.status === "missing") {
    try {
      await provider.close(order.id);
    } catch (error) {
      // Paid between the query and the close: the next query (or the notification) credits it.
      const again = await provider.query(order.id);
      if (again.status === "paid") {
        await settlePaidTrade(db, provider, order, again);
        return reload(db, order);
      }
      throw error;
    }
  }
  await db.topUpOrder.updateMany({
    where: { id: order.id, state: "PENDING" },
    data: { state: "EXPIRED", closedAt: now },
  });
  return reload(db, order);
}

/** The tenant's QR order, refreshed from the provider when `askProvider`; else as stored. */
export async function refreshQrTopUp({
  ctx,
  input,
}: {
  ctx: { db: Db; provider: QrProvider; now?: Date };
  input: { tenantId: string; orderId: string; askProvider: boolean };
}): Promise<TopUpOrder> {
  const order = await ctx.db.topUpOrder.findFirst({
    where: { id: input.orderId, tenantId: input.tenantId, provider: ctx.provider.dbProvider },
  });
  if (!order) throw new PaymentsError("NOT_FOUND", "No such top-up");
  const now = ctx.now ?? new Date();
  const due = order.expiresAt !== null && order.expiresAt.getTime() <= now.getTime();
  if (order.state !== "PENDING" || (!input.askProvider && !due)) return order;
  return reconcileQrOrder(ctx.db, ctx.provider, order, now);
}

/** Every pending QR order past its expiry, reconciled with its provider; how many were closed. */
export async function closeExpiredQrTopUps({
  ctx,
}: {
  ctx: { db: Db; providers: QrProvider[]; now?: Date };
}): Promise<{ expired: number; credited: number; failed: number }> {
  const now = ctx.now ?? new Date();
  const counts = { expired: 0, credited: 0, failed: 0 };
  for (const provider of ctx.providers) {
    const due = await ctx.db.topUpOrder.findMany({
      where: { provider: provider.dbProvider, state: "PENDING", expiresAt: { lte: now } },
      orderBy: { expiresAt: "asc" },
      take: 100,
    });
    for (const order of due) {
      try {
        const after = await reconcileQrOrder(ctx.db, provider, order, now);
        if (after.state === "EXPIRED") counts.expired += 1;
        else if (after.paidAt) counts.credited += 1;
      } catch (error) {
        counts.failed += 1;
        console.warn(
          `${provider.name}: closing expired order ${order.id} failed: ${String(error)}`,
        );
      }
    }
  }
  return counts;
}
