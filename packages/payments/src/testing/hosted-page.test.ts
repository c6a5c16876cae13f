// The double's hosted Checkout page, the part a browser sees: paying there delivers a signed
// `checkout.session.completed` to the webhook endpoint (here the real handler behind a small HTTP
// server, as the console mounts it) and sends the browser to success_url; cancelling credits
// nothing. The page is how the console's Playwright spec pays without Stripe's servers.
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { getDb } from "@relay/db";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTopUpCheckout } from "../checkout.ts";
import { createStripe } from "../stripe-client.ts";
import { handleStripeWebhook } from "../webhook.ts";
import { type StripeDouble, startStripeDouble } from "./stripe-double.ts";

const db = getDb();
const secretKey = "sk_test_hosted";
const webhookSecret = "whsec_hosted_test";
let endpoint: Server;
let double: StripeDouble;
const received: number[] = [];

beforeAll(async () => {
  endpoint = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const stripe = createStripe({ secretKey, webhookSecret, apiBase: double.apiBase });
    const result = await handleStripeWebhook({
      ctx: { db, stripe, webhookSecret },
      input: {
        rawBody: Buffer.concat(chunks).toString("utf8"),
        signature: String(req.headers["stripe-signature"] ?? ""),
      },
    }).then(
      () => 200,
      () => 400,
    );
    received.push(result);
    res.writeHead(result).end();
  });
  await new Promise<void>((resolve) => endpoint.listen(0, "127.0.0.1", resolve));
  const port = (endpoint.address() as AddressInfo).port;
  double = await startStripeDouble({
    secretKey,
    webhook: { url: `http://127.0.0.1:${port}/api/stripe/webhook`, secret: webhookSecret },
  });
});

afterAll(async () => {
  await double.close();
  await new Promise((resolve) => endpoint.close(resolve));
  await db.$disconnect();
});

async function checkout(amountMinor: number) {
  const slug = `hosted-${randomUUID().slice(0, 8)}`;
  const tenant = await db.tenant.create({ data: { name: slug, slug } });
  const stripe = createStripe({ secretKey, webhookSecret, apiBase: double.apiBase });
  const created = await createTopUpCheckout({
    ctx: { db, stripe },
    input: {
      tenantId: tenant.id,
      amountMinor,
      successUrl: "http://console.test/done?session={CHECKOUT_SESSION_ID}",
      cancelUrl: "http://console.test/cancelled",
    },
  });
  return { tenant, ...created };
}

it("shows the amount, and paying credits the tenant once and returns to success_url", async () => {
  const { tenant, url, order } = await checkout(1_250);
  expect(url).toBe(`${double.apiBase}/pay/${order.stripeSessionId}`);

  const page = await fetch(url);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain("Pay USD 12.50");

  const before = received.length;
  const paid = await fetch(`${url}/pay`, {
    method: "POST",
    body: new URLSearchParams({ method: "card" }),
    redirect: "manual",
  });
  expect(paid.status).toBe(303);
  expect(paid.headers.get("location")).toBe(
    `http://console.test/done?session=${order.stripeSessionId}`,
  );
  expect(received.slice(before)).toEqual([200]);
  const credited = await db.tenant.findUniqueOrThrow({ where: { id: tenant.id } });
  expect(credited.balance).toBe(12_500_000n);
  const closed = await db.topUpOrder.findUniqueOrThrow({ where: { id: order.id } });
  expect(closed.state).toBe("PAID");

  // The session is over: a second visit cannot pay again.
  expect((await fetch(url)).status).toBe(410);
  const again = await fetch(`${url}/pay`, { method: "POST", redirect: "manual" });
  expect(again.status).toBe(410);
  const still = await db.tenant.findUniqueOrThrow({ where: { id: tenant.id } });
  expect(still.balance).toBe(12_500_000n);
});

it("cancelling goes back to cancel_url and credits nothing", async () => {
  const { tenant, url } = await checkout(900);
  const before = received.length;
  const cancelled = await fetch(`${url}/cancel`, { method: "POST", redirect: "manual" });
  expect(cancelled.status).toBe(303);
  expect(cancelled.headers.get("location")).toBe("http://console.test/cancelled");
  expect(received.length).toBe(before);
  const row = await db.tenant.findUniqueOrThrow({ where: { id: tenant.id } });
  expect(row.balance).toBe(0n);
});

it("an unknown session is a 404 page", async () => {
  expect((await fetch(`${double.apiBase}/pay/cs_test_nope`)).status).toBe(404);
});
