// Top-up through the console's own layers: the tRPC procedures open a Checkout Session on the
// local Stripe double, and the webhook route (the real handler, a real SDK signature) credits the
// tenant once. Stripe's keys are set before the console's modules read the environment.
import { getDb } from "@relay/db";
import { type StripeDouble, startStripeDouble } from "@relay/payments/testing";
import { signUp, signUpInput } from "@relay/services";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppSession } from "./auth/session.ts";

const secretKey = "sk_test_console";
const webhookSecret = "whsec_console_test";
const db = getDb();
let double: StripeDouble;
let callerFor: (session: AppSession | null) => Awaited<ReturnType<typeof load>>["caller"];
let webhook: (request: Request) => Promise<Response>;

async function load(session: AppSession | null) {
  const { createCaller } = await import("./root.ts");
  const { createContext } = await import("./trpc.ts");
  return { caller: createCaller(createContext({ db, session })) };
}

beforeAll(async () => {
  double = await startStripeDouble({ secretKey });
  process.env.STRIPE_SECRET_KEY = secretKey;
  process.env.STRIPE_WEBHOOK_SECRET = webhookSecret;
  process.env.STRIPE_API_BASE = double.apiBase;
  const route = await import("../app/api/stripe/webhook/route.ts");
  webhook = route.POST;
  const { createCaller } = await import("./root.ts");
  const { createContext } = await import("./trpc.ts");
  callerFor = (session) => createCaller(createContext({ db, session }));
});

afterAll(async () => {
  await double.close();
  await db.$disconnect();
});

async function person(email: string) {
  const { user, tenant } = await signUp({
    ctx: { db, actor: { label: "test" } },
    input: signUpInput.parse({ name: email.split("@")[0], email, password: "password123" }),
  });
  // Topping up needs a verified email.
  await db.user.update({ where: { id: user.id }, data: { emailVerified: new Date() } });
  return { session: { user: { ...user } } satisfies AppSession, tenant };
}

function signed(body: string, secret = webhookSecret) {
  const signature = new Stripe(secretKey).webhooks.generateTestHeaderString({
    payload: body,
    secret,
  });
  return new Request("http://console.test/api/stripe/webhook", {
    method: "POST",
    body,
    headers: { "content-type": "application/json", "stripe-signature": signature },
  });
}

describe("top-up through the console", () => {
  it("opens Checkout for a member, and the signed webhook credits the tenant once", async () => {
    const owner = await person("payer@example.com");
    const caller = callerFor(owner.session);
    const options = await caller.billing.topUpOptions({ tenantId: owner.tenant.id });
    expect(options).toMatchObject({ configured: true, currency: "usd", minimumMinor: 500 });

    const { url, orderId } = await caller.billing.topUp({
      tenantId: owner.tenant.id,
      amountMinor: 1_500,
      slug: owner.tenant.slug,
    });
    expect(url.startsWith(double.apiBase)).toBe(true);
    const order = await db.topUpOrder.findUniqueOrThrow({ where: { id: orderId } });
    expect(double.created.at(-1)).toMatchObject({
      success_url: expect.stringContaining(`/console/${owner.tenant.slug}/billing?topup=success`),
    });

    const body = double.event(
      "checkout.session.completed",
      double.complete(order.stripeSessionId ?? ""),
    );
    const forged = await webhook(signed(body, "whsec_forged"));
    expect(forged.status).toBe(400);
    expect((await db.tenant.findUniqueOrThrow({ where: { id: owner.tenant.id } })).balance).toBe(
      0n,
    );

    const first = await webhook(signed(body));
    const replay = await webhook(signed(body));
    expect([first.status, replay.status]).toEqual([200, 200]);
    expect(await replay.json()).toMatchObject({ result: "already-credited" });
    expect((await db.tenant.findUniqueOrThrow({ where: { id: owner.tenant.id } })).balance).toBe(
      15_000_000n,
    );
  });

  it("another tenant's id is NOT_FOUND, and amounts under the minimum are refused", async () => {
    const a = await person("a-payer@example.com");
    const b = await person("b-payer@example.com");
    await expect(
      callerFor(b.session).billing.topUp({
        tenantId: a.tenant.id,
        amountMinor: 1_000,
        slug: a.tenant.slug,
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      callerFor(a.session).billing.topUp({
        tenantId: a.tenant.id,
        amountMinor: 100,
        slug: a.tenant.slug,
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(
      callerFor(null).billing.topUpOptions({ tenantId: a.tenant.id }),
    ).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
  });
});
