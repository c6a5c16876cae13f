// A graceful stop loses no usage; holds a crashed process left open are released at start-up.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPgHoldStore } from "../billing/holds.ts";
import { releaseExpiredHolds } from "../billing/reconcile.ts";
import { type Harness, startHarness } from "../testing/harness.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ proxy: { settlementDelayMs: 50 } });
});
afterAll(async () => {
  await h.pool.end().catch(() => {});
});

describe("lifecycle", () => {
  it("a crashed process's holds are released by the reconciler, charging nothing", async () => {
    const { tenantId, keyId } = await h.tenant({ credit: "1" });
    const holds = createPgHoldStore(h.pool);
    const held = await holds.reserve({
      requestId: `req_crashed_${tenantId}`,
      tenantId,
      apiKeyId: keyId,
      amount: 250_000n,
      ttlMs: -1,
      budgeted: false,
    });
    expect(held).toEqual({ ok: true });
    expect((await h.db.tenant.findUniqueOrThrow({ where: { id: tenantId } })).held).toBe(250_000n);

    expect(await releaseExpiredHolds(h.pool)).toBeGreaterThanOrEqual(1);
    const tenant = await h.db.tenant.findUniqueOrThrow({ where: { id: tenantId } });
    expect(tenant.held).toBe(0n);
    expect(tenant.balance).toBe(1_000_000n);
    expect(
      await h.db.hold.findUniqueOrThrow({ where: { requestId: `req_crashed_${tenantId}` } }),
    ).toMatchObject({ state: "RELEASED" });
  });

  it("a graceful stop finishes calls in flight and writes every one of them", async () => {
    const { tenantId, key } = await h.tenant({ credit: "5" });
    const calls = Array.from({ length: 20 }, () =>
      h.client(key).chat.completions.create({
        model: "gpt-4o-mini",
        messages: [{ role: "user", content: "bye" }],
      }),
    );
    // Stop while calls are in flight or just answered, before their settlement batch (50 ms)
    // is due: the stop must still write every one.
    const sent = h.sim.requests.length;
    const deadline = Date.now() + 5_000;
    while (h.sim.requests.length < Math.min(sent + 10, 100) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    const closing = h.close();
    const answers = await Promise.allSettled(calls);
    await closing;
    const served = answers.filter((a) => a.status === "fulfilled").length;
    expect(served).toBeGreaterThan(0);
    const records = await h.db.usageRecord.aggregate({
      where: { tenantId },
      _count: true,
      _sum: { price: true },
    });
    expect(records._count).toBe(served);
    const tenant = await h.db.tenant.findUniqueOrThrow({ where: { id: tenantId } });
    expect(tenant.held).toBe(0n);
    expect(tenant.balance).toBe(5_000_000n - (records._sum.price ?? 0n));
  });
});
