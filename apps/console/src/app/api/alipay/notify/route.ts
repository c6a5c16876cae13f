// Alipay's asynchronous notification endpoint (the notify_url of every order). Alipay retries
// until the answer is the text "success" (over about a day), so a forged, tampered or
// mismatched notification is answered "fail" and credits nothing, while a genuine one applied or
// deliberately ignored is answered "success".
import { getDb } from "@relay/db";
import { handleAlipayNotification, PaymentsError } from "@relay/payments";
import { alipayConfig } from "../../../../server/payments.ts";

export const dynamic = "force-dynamic";

const text = (body: string, status = 200) =>
  new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8" } });

export async function POST(request: Request): Promise<Response> {
  const db = getDb();
  const keys = await alipayConfig(db);
  if (!keys) return text("fail", 404);
  const rawBody = await request.text();
  try {
    const outcome = await handleAlipayNotification({ ctx: { db, keys }, input: { rawBody } });
    console.info(`alipay notify ${outcome.notifyId} ${outcome.tradeStatus}: ${outcome.result}`);
    return text("success");
  } catch (error) {
    if (error instanceof PaymentsError && error.code === "SIGNATURE_INVALID") {
      console.warn(`alipay notify refused: ${error.message}`);
      return text("fail", 400);
    }
    console.error(`alipay notify failed: ${String(error)}`);
    return text("fail", 500);
  }
}
