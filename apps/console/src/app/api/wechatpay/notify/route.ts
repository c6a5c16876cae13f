// WeChat Pay's notification endpoint (payments and refunds; the notify_url of every order and
// refund). The signature covers the raw body, so it is read as text. WeChat Pay retries anything
// but a 2xx for about a day: a notification applied or deliberately ignored gets 204, a forged,
// stale or mismatched one 401/500 with {"code":"FAIL"}, so a genuine one is retried.
import { getDb } from "@relay/db";
import { handleWechatPayNotification, PaymentsError, wechatHeaders } from "@relay/payments";
import { wechatPayConfig } from "../../../../server/payments.ts";

export const dynamic = "force-dynamic";

const fail = (status: number, message: string) =>
  Response.json({ code: "FAIL", message }, { status });

export async function POST(request: Request): Promise<Response> {
  const db = getDb();
  const keys = await wechatPayConfig(db);
  if (!keys) return fail(404, "WeChat Pay is not configured");
  const body = await request.text();
  try {
    const outcome = await handleWechatPayNotification({
      ctx: { db, keys },
      input: { headers: wechatHeaders((name) => request.headers.get(name)), body },
    });
    console.info(`wechatpay notify ${outcome.id} ${outcome.eventType}: ${outcome.result}`);
    return new Response(null, { status: 204 });
  } catch (error) {
    if (error instanceof PaymentsError && error.code === "SIGNATURE_INVALID") {
      console.warn(`wechatpay notify refused: ${error.message}`);
      return fail(401, "签名错误");
    }
    if (error instanceof PaymentsError && error.code === "TRADE_MISMATCH") {
      console.error(`wechatpay notify: ${error.message}`);
      return fail(500, "订单不符");
    }
    console.error(`wechatpay notify failed: ${String(error)}`);
    return fail(500, "处理失败");
  }
}
