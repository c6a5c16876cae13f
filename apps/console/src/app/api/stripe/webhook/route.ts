// Stripe's webhook endpoint. The signature is checked against the raw body, so the body is read
// as text and never parsed before verification. Bad signatures get 400 (Stripe shows them to the
// operator); events that were applied or deliberately ignored get 200 so Stripe stops retrying.
import { getDb } from "@relay/db";
import { handleStripeWebhook, PaymentsError } from "@relay/payments";
import { stripeConfig } from "../../../../server/payments.ts";

export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  const stripe = stripeConfig();
  if (!stripe) return Response.json({ error: "Top-up is not configured" }, { status: 404 });
  const rawBody = await request.text();
  try {
    const outcome = await handleStripeWebhook({
      ctx: { db: getDb(), stripe: stripe.stripe, webhookSecret: stripe.keys.webhookSecret },
      input: { rawBody, signature: request.headers.get("stripe-signature") ?? undefined },
    });
    console.info(`stripe webhook ${outcome.eventId} ${outcome.type}: ${outcome.result}`);
    return Response.json({ received: true, result: outcome.result });
  } catch (error) {
    if (error instanceof PaymentsError && error.code === "SIGNATURE_INVALID") {
      console.warn(`stripe webhook refused: ${error.message}`);
      return Response.json({ error: error.message }, { status: 400 });
    }
    throw error;
  }
}
