// The operator refunds a WeChat Pay or Alipay top-up. The provider is asked; money leaves the
// balance when the provider confirms it: Alipay's answer says so at once (its running refund
// total, the same key its notification carries), WeChat Pay's refund notification follows. The
// balance may go negative, as with Stripe's refunds.
import { randomBytes } from "node:crypto";
import type { Db } from "@relay/db";
import { PaymentsError } from "../errors.ts";

import { KEY_PREFIX, type QrProvider } from "./provider.ts";
import { debitTradeRefund } from "./settle.ts";

export interface RefundActor {
  userId?: string;
  label: string;
}

export async function refundQrTopUp({
  ctx,
  input,
}: {
  ctx: { db: Db; provider: QrProvider; notifyUrl: string; actor: RefundActor };
  /** amountMinor: fen to refund; the rest of the payment when omitted. */
  input: { orderId: string; amountMinor?: number; reason: string };
}): Promise<{ status: "refunded" | "processing"; refundNo: string }> {
  const order = await ctx.db.topUpOrder.findFirst({
    where: { id: input.orderId, provider: ctx.provider.dbProvider },
  });
  if (!order) throw new PaymentsError("NOT_FOUND", "No such top-up");
  if (!order.paidAt || !order.providerTradeNo) {
    throw new PaymentsError("INVALID_STATE", "Only a paid top-up can be refunded");
  }
  const rate = order.creditAmount / order.amountMinor;
  const refundedMinor = rate > 0n ? order.refundedAmount / rate : 0n;
  const left = order.amountMinor - refundedMinor;
  const amount = input.amountMinor === undefined ? left : BigInt(input.amountMinor);
  if (amount <= 0n || amount > left) {
    throw new PaymentsError("INVALID_STATE", `At most ${left} fen of this top-up can be refunded`);
  }
  const refundNo = `RF${randomBytes(12).toString("hex").toUpperCase()}`;
  let answer: Awaited<ReturnType<QrProvider["refund"]>>;
  try {
    answer = await ctx.provider.refund({
      orderId: order.id,
      refundNo,
      amountMinor: amount,
      totalMinor: order.amountMinor,
      reason: input.reason,
      notifyUrl: ctx.notifyUrl,
    });
  } catch (error) {
    console.warn(`${ctx.provider.name}: refund of ${order.id} failed: ${String(error)}`);
    throw new PaymentsError("PROVIDER_ERROR", `The refund was refused: ${String(error)}`);
  }
  await ctx.db.auditLog.create({
    data: {
      actorId: ctx.actor.userId ?? null,
      actorLabel: ctx.actor.label,
      action: "topup.refund_requested",
      targetType: "topup_order",
      targetId: order.id,
      tenantId: order.tenantId,
      data: { refundNo, amountMinor: amount.toString(), reason: input.reason },
    },
  });
  if (answer.status === "processing") return { status: "processing", refundNo };
  // The key the provider's own refund notification uses, so the answer and it debit once.
  const prefix = KEY_PREFIX[ctx.provider.name];
  await debitTradeRefund(
    ctx.db,
    ctx.provider,
    order,
    answer.refundedTotalMinor === undefined
      ? { idempotencyKey: `${prefix}:refund:${answer.refundId}`, refundMinor: amount }
      : {
          idempotencyKey: `${prefix}:refund:${order.providerTradeNo}:${answer.refundedTotalMinor}`,
          refundedTotalMinor: answer.refundedTotalMinor,
        },
  );
  return { status: "refunded", refundNo };
}
