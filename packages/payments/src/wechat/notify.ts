// WeChat Pay's notifications (payments: TRANSACTION.SUCCESS; refunds: REFUND.SUCCESS), verified
// against the platform key within five minutes, the resource decrypted with the APIv3 key, then
// applied once. WeChat Pay retries anything but a 2xx, so a forged, stale or mismatched
// notification throws (the route answers 4xx/5xx with {"code":"FAIL"}) and a genuine one keeps
// coming until we take it.
import type { Db } from "@relay/db";
import { PaymentsError } from "../errors.ts";
import { debitTradeRefund, ensureCredited, findQrOrder, settlePaidTrade } from "../qr/settle.ts";
import type { WechatPayKeys, WechatRefund, WechatTransaction } from "./client.ts";
import { wechatPayProvider, wechatTrade } from "./provider.ts";
import {
  decryptResource,
  type EncryptedResource,
  type SignedHeaders,
  verifyWechatSignature,
} from "./signature.ts";

interface Notification {
  id: string;
  event_type: string;
  resource_type?: string;
  resource: EncryptedResource;
}

export interface NotificationOutcome {
  id: string;
  eventType: string;
  result: string;
}

export async function handleWechatPayNotification({
  ctx,
  input,
}: {
  ctx: { db: Db; keys: WechatPayKeys; now?: Date };
  input: { headers: SignedHeaders; body: string };
}): Promise<NotificationOutcome> {
  verifyWechatSignature(input.headers, input.body, ctx.keys.platform, ctx.now);
  let notification: Notification;
  try {
    notification = JSON.parse(input.body) as Notification;
  } catch {
    throw new PaymentsError("SIGNATURE_INVALID", "The notification is not JSON");
  }
  const plaintext = decryptResource(notification.resource, ctx.keys.apiV3Key);
  const outcome = (result: string) => ({
    id: notification.id,
    eventType: notification.event_type,
    result,
  });
  const provider = wechatPayProvider(ctx.keys);
  switch (notification.event_type) {
    case "TRANSACTION.SUCCESS": {
      const transaction = JSON.parse(plaintext) as WechatTransaction;
      const order = await findQrOrder(ctx.db, "wechat_pay", transaction.out_trade_no);
      if (!order) return outcome("ignored: unknown order");
      return outcome(await settlePaidTrade(ctx.db, provider, order, wechatTrade(transaction)));
    }
    case "REFUND.SUCCESS": {
      const refund = JSON.parse(plaintext) as WechatRefund & { mchid?: string };
      if (refund.mchid !== ctx.keys.mchId) {
        throw new PaymentsError("TRADE_MISMATCH", `Refund for merchant ${refund.mchid}`);
      }
      const order = await findQrOrder(ctx.db, "wechat_pay", refund.out_trade_no);
      if (!order) return outcome("ignored: unknown order");
      const credited = await ensureCredited(ctx.db, provider, order);
      return outcome(
        await debitTradeRefund(ctx.db, provider, credited, {
          idempotencyKey: `wechatpay:refund:${refund.refund_id}`,
          refundMinor: BigInt(refund.amount.refund),
        }),
      );
    }
    default:
      // REFUND.ABNORMAL, REFUND.CLOSED and the like move no money.
      return outcome(`ignored: ${notification.event_type}`);
  }
}
