// A Stripe refund can take a balance below zero (packages/payments debits the refunded credit
// whatever was spent meanwhile). The proxy must then refuse the tenant's next call with OpenAI's
// 429 insufficient_quota and forward nothing, leaving the balance at exactly the overdraft.
// Postgres holds always; Redis holds too when REDIS_URL is set (the refund's notification drops
// the replica's balance mirror).

import { postLedgerEntry } from "@relay/billing";
import { decodeBalanceNotice } from "@relay/billing/hot-path";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BALANCE_CHANNEL, listenForChanges } from "../auth/revocations.ts";
import { changeHandlers } from "../server.ts";
import { type Harness, miniPrice, startHarness } from "../testing/harness.ts";

const redisUrl = process.env.REDIS_URL;

const QUOTA_ERROR = {
  error: {
    message: "You exceeded your current quota, please top up your balance in the Relay console.",
    type: "insufficient_quota",
    param: null,
    code: "insufficient_quota",
  },
};

/** Top up $1 the way the Stripe webhook does, spend, refund the whole $1, call again. */
async function refundBelowZero(h: Harness, heard: (tenantId: string) => Promise<void>) {
  const { tenantId, key } = await h.tenant({ credit: "0" });
  await postLedgerEntry({
    ctx: { db: h.db },
    input: {
      tenantId,
      kind: "TOPUP",
      amount: 1_000_000n,
      idempotencyKey: `stripe:checkout:cs_test_${tenantId}`,
      reason: "Top-up $1.00 via Stripe",
    },
  });
  const answer = await h.client(key).chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: "spend before the refund" }],
    max_tokens: 20,
  });
  if (!answer.usage) throw new Error("no usage");
  const price = miniPrice(answer.usage);
  expect(price).toBeGreaterThan(0n);
  expect((await h.balance(tenantId)).balance).toBe(1_000_000n - price);

  const noticed = heard(tenantId);
  await postLedgerEntry({
    ctx: { db: h.db },
    input: {
      tenantId,
      kind: "REFUND",
      amount: -1_000_000n,
      idempotencyKey: `stripe:refund:ch_test_${tenantId}:100`,
      reason: "Refund of $1.00 via Stripe",
    },
  });
  await noticed;

  const forwarded = h.sim.requests.length;
  const refused = await fetch(`${h.baseURL}/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "after the refund" }],
      max_tokens: 20,
    }),
  });
  expect(refused.status).toBe(429);
  expect(refused.headers.get("content-type")).toBe("application/json");
  expect(await refused.json()).toMatchObject(QUOTA_ERROR);
  // The SDK raises its usual exception for it.
  const thrown = await h
    .client(key)
    .chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "x" }] })
    .catch((error: unknown) => error);
  expect(thrown).toBeInstanceOf(OpenAI.RateLimitError);
  expect((thrown as InstanceType<typeof OpenAI.RateLimitError>).code).toBe("insufficient_quota");
  expect(h.sim.requests.length).toBe(forwarded);

  await h.proxy.flush();
  expect(await h.balance(tenantId)).toEqual({ balance: -price, held: 0n, ledger: -price });
  const ledger = await h.db.ledgerEntry.findMany({ where: { tenantId }, orderBy: { id: "asc" } });
  expect(ledger.map((e) => [e.kind, e.amount, e.balanceAfter])).toEqual([
    ["TOPUP", 1_000_000n, 1_000_000n],
    ["USAGE", -price, 1_000_000n - price],
    ["REFUND", -1_000_000n, -price],
  ]);
}

describe("a refund below zero, Postgres holds", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it("the next call is refused with 429 insufficient_quota; the balance stays exactly -price", async () => {
    // Holds are placed against the database row: nothing to wait for.
    await refundBelowZero(h, async () => {});
  });
});

describe.skipIf(!redisUrl)("a refund below zero, Redis holds", () => {
  let h: Harness;
  let stop: () => Promise<void>;
  const waiting = new Map<string, () => void>();

  beforeAll(async () => {
    h = await startHarness({ proxy: { redisUrl } });
    const handlers = changeHandlers(h.proxy.gateway);
    // The replica's own handler, and word to the test once its cached balance is dropped.
    stop = await listenForChanges(process.env.DATABASE_URL ?? "", {
      ...handlers,
      [BALANCE_CHANNEL]: (payload) => {
        const notice = decodeBalanceNotice(payload);
        if (!notice) return;
        void h.proxy.gateway.redisHolds
          ?.balanceChanged(notice)
          .then(() => waiting.get(notice.tenantId)?.());
      },
    });
  });
  afterAll(async () => {
    await stop();
    await h.close();
  });

  it("once the replica hears of the refund, its next call is refused", async () => {
    await refundBelowZero(
      h,
      (tenantId) => new Promise<void>((resolve) => waiting.set(tenantId, resolve)),
    );
  });
});
