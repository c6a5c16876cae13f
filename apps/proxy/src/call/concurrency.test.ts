// 200 simultaneous streaming calls against a balance that covers about 20 of them: the holds let
// only what the balance covers through, the rest get insufficient_quota, and afterwards the
// balance is exact, never below zero, with nothing left held.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "../testing/harness.ts";

// Holds in the database (or Redis when REDIS_URL is set), and in the proxy's memory as the
// embedded platform keeps them.
describe.each([
  { holds: "in the database", holdStore: undefined },
  { holds: "in memory", holdStore: "memory" as const },
])("concurrency, holds $holds", ({ holdStore }) => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ proxy: { holdStore } });
  });
  afterAll(async () => {
    await h.close();
  });

  it("200 parallel streams on a balance for ~20: exact ledger, never below zero", async () => {
    // Each call holds ~(prompt + 100) tokens at gpt-4o-mini's price: about 82 micro-dollars.
    const { tenantId, key } = await h.tenant({ credit: "0.001700" });
    const request = {
      model: "gpt-4o-mini",
      messages: [{ role: "user" as const, content: "count to three" }],
      max_tokens: 100,
      stream: true as const,
    };
    const outcomes = await Promise.all(
      Array.from({ length: 200 }, async () => {
        try {
          const stream = await h.client(key).chat.completions.create(request);
          for await (const _chunk of stream) {
            // drain
          }
          return "ok";
        } catch (error) {
          return (error as { code?: string }).code ?? "error";
        }
      }),
    );
    const ok = outcomes.filter((o) => o === "ok").length;
    const refused = outcomes.filter((o) => o === "insufficient_quota").length;
    expect(ok + refused).toBe(200);
    // About 20 holds fit at once; calls that finish free the unspent part of their hold, so a
    // few more get through later. The holds did refuse the rest.
    expect(ok).toBeGreaterThanOrEqual(15);
    expect(refused).toBeGreaterThan(100);

    const state = await h.balance(tenantId);
    expect(state.held).toBe(0n);
    expect(state.balance).toBe(state.ledger);
    expect(state.balance).toBeGreaterThanOrEqual(0n);
    const charged = await h.db.usageRecord.aggregate({
      where: { tenantId, status: 200 },
      _sum: { price: true },
      _count: true,
    });
    expect(charged._count).toBe(ok);
    expect(1_700n - (charged._sum.price ?? 0n)).toBe(state.balance);
    // Every refusal is on record too, for nothing.
    const refusals = await h.db.usageRecord.aggregate({
      where: { tenantId, status: { not: 200 } },
      _sum: { price: true },
      _count: true,
    });
    expect(refusals._count).toBe(refused);
    expect(refusals._sum.price ?? 0n).toBe(0n);
  }, 120_000);
});
