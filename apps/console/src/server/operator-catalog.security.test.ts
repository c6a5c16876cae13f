import { generateCodes, generateCodesInput } from "@relay/services";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppSession } from "./auth/session.ts";
import { type Caller, callerFor, codeOf, db, join, person } from "./testing.ts";

afterAll(() => db.$disconnect());

let owner: Awaited<ReturnType<typeof person>>;
let stranger: Awaited<ReturnType<typeof person>>;
let dev: Awaited<ReturnType<typeof person>>;
let operator: AppSession;
let channelId: string;

const MISSING = "00000000-0000-4000-8000-000000000000";

beforeAll(async () => {
  owner = await person("cat-owner@example.com");
  stranger = await person("cat-stranger@example.com");
  dev = await person("cat-dev@example.com");
  await join(dev.session.user.id, owner.tenant.id, "DEVELOPER");
  const op = await person("cat-operator@example.com");
  await db.user.update({ where: { id: op.session.user.id }, data: { role: "OPERATOR" } });
  operator = { user: { ...op.session.user, role: "OPERATOR" } };
  const added = await callerFor(operator).operatorCatalog.addChannel({
    provider: "openai",
    baseUrl: "http://127.0.0.1:1/v1",
    apiKey: "sk-very-secret-upstream-key-7777",
    models: ["sec-model"],
  });
  channelId = added.id;
});

const operatorCalls: Record<string, (c: Caller) => Promise<unknown>> = {
  "operatorCatalog.channels": (c) => c.operatorCatalog.channels(),
  "operatorCatalog.addChannel": (c) =>
    c.operatorCatalog.addChannel({
      provider: "openai",
      baseUrl: "https://evil.example/v1",
      apiKey: "sk-x",
      models: ["m"],
    }),
  "operatorCatalog.updateChannel": (c) =>
    c.operatorCatalog.updateChannel({
      channelId,
      name: "hijacked",
      baseUrl: "https://evil.example/v1",
      models: ["sec-model"],
      priority: 0,
      weight: 1,
    }),
  "operatorCatalog.setChannelStatus": (c) =>
    c.operatorCatalog.setChannelStatus({ channelId, status: "DISABLED" }),
  "operatorCatalog.testChannel": (c) => c.operatorCatalog.testChannel({ channelId }),
  "operatorCatalog.models": (c) => c.operatorCatalog.models(),
  "operatorCatalog.updateModel": (c) =>
    c.operatorCatalog.updateModel({ model: "sec-model", enabled: false }),
  "operatorCatalog.setPrice": (c) =>
    c.operatorCatalog.setPrice({ model: "sec-model", input: "0", output: "0" }),
  "operatorCatalog.setImagePrice": (c) =>
    c.operatorCatalog.setImagePrice({ model: "sec-model", size: "512x512", perImage: "0" }),
  "operatorCatalog.priceGroups": (c) => c.operatorCatalog.priceGroups(),
  "operatorCatalog.savePriceGroup": (c) =>
    c.operatorCatalog.savePriceGroup({ name: "free-for-me", multiplier: "1" }),
  "operatorCodes.generate": (c) => c.operatorCodes.generate({ amount: "1000", count: 1 }),
  "operatorCodes.list": (c) => c.operatorCodes.list({}),
  "operatorCodes.batches": (c) => c.operatorCodes.batches(),
  "operatorCodes.disable": (c) => c.operatorCodes.disable({ codeId: MISSING }),
  "operatorCodes.export": (c) => c.operatorCodes.export({ batchId: "any" }),
};

describe("operator catalog procedures", () => {
  it.each(Object.keys(operatorCalls))("%s signed out -> UNAUTHORIZED", async (name) => {
    const call = operatorCalls[name];
    if (!call) throw new Error(name);
    expect(await codeOf(call(callerFor(null)))).toBe("UNAUTHORIZED");
  });

  it.each(Object.keys(operatorCalls))("%s by a tenant owner -> FORBIDDEN", async (name) => {
    const call = operatorCalls[name];
    if (!call) throw new Error(name);
    expect(await codeOf(call(callerFor(owner.session)))).toBe("FORBIDDEN");
  });

  it.each(Object.keys(operatorCalls))(
    "%s with a session that claims OPERATOR but is not -> FORBIDDEN",
    async (name) => {
      const call = operatorCalls[name];
      if (!call) throw new Error(name);
      const forged = { user: { ...stranger.session.user, role: "OPERATOR" as const } };
      expect(await codeOf(call(callerFor(forged)))).toBe("FORBIDDEN");
    },
  );

  it("nothing the refused calls tried changed anything", async () => {
    const channel = await db.channel.findUniqueOrThrow({ where: { id: channelId } });
    expect(channel).toMatchObject({ status: "ENABLED", baseUrl: "http://127.0.0.1:1/v1" });
    expect(await db.priceGroup.findUnique({ where: { name: "free-for-me" } })).toBeNull();
    expect(await db.channel.count({ where: { baseUrl: "https://evil.example/v1" } })).toBe(0);
    expect(await db.model.findUniqueOrThrow({ where: { id: "sec-model" } })).toMatchObject({
      enabled: true,
    });
  });

  it("operators are served, and no answer ever carries the credential", async () => {
    const caller = callerFor(operator);
    const answers = [
      await caller.operatorCatalog.channels(),
      await caller.operatorCatalog.testChannel({ channelId }),
      await caller.operatorCatalog.setChannelStatus({ channelId, status: "ENABLED" }),
    ];
    const text = JSON.stringify(answers, (_, v) => (typeof v === "bigint" ? v.toString() : v));
    expect(text).not.toContain("very-secret");
    expect(text).not.toContain("credentialCiphertext");
    expect(text).toContain("…7777");
    expect(answers[1]).toMatchObject({ ok: false, status: null });
  });

  it("an unknown channel is NOT_FOUND, not a crash", async () => {
    expect(
      await codeOf(callerFor(operator).operatorCatalog.testChannel({ channelId: MISSING })),
    ).toBe("NOT_FOUND");
  });
});

describe("billing.redeem", () => {
  async function freshCode(amount = "2") {
    const batch = await generateCodes({
      ctx: { db, actor: { label: "test" } },
      input: generateCodesInput.parse({ amount, count: 1 }),
    });
    return batch.codes[0] ?? "";
  }

  it("another tenant's id -> NOT_FOUND, the code stays unredeemed", async () => {
    const code = await freshCode();
    expect(
      await codeOf(callerFor(stranger.session).billing.redeem({ tenantId: owner.tenant.id, code })),
    ).toBe("NOT_FOUND");
    expect(await codeOf(callerFor(null).billing.redeem({ tenantId: owner.tenant.id, code }))).toBe(
      "UNAUTHORIZED",
    );
    expect((await db.redemptionCode.findUniqueOrThrow({ where: { code } })).state).toBe("ACTIVE");
  });

  it("a DEVELOPER redeems into their tenant once; the second try is CONFLICT", async () => {
    const code = await freshCode("2");
    const before = (await db.tenant.findUniqueOrThrow({ where: { id: owner.tenant.id } })).balance;
    const caller = callerFor(dev.session);
    const result = await caller.billing.redeem({ tenantId: owner.tenant.id, code });
    expect(result.amount).toBe(2_000_000n);
    expect(result.balanceAfter).toBe(before + 2_000_000n);
    const again = callerFor(owner.session).billing.redeem({ tenantId: owner.tenant.id, code });
    await expect(again).rejects.toMatchObject({
      code: "CONFLICT",
      message: "This code has already been redeemed",
    });
    expect((await db.tenant.findUniqueOrThrow({ where: { id: owner.tenant.id } })).balance).toBe(
      before + 2_000_000n,
    );
  });

  it("a guesser is stopped with TOO_MANY_REQUESTS", async () => {
    const caller = callerFor(stranger.session);
    for (let i = 0; i < 10; i++) {
      expect(
        await codeOf(
          caller.billing.redeem({ tenantId: stranger.tenant.id, code: `RELAY-GUESS-${i}` }),
        ),
      ).toBe("NOT_FOUND");
    }
    const code = await freshCode();
    expect(await codeOf(caller.billing.redeem({ tenantId: stranger.tenant.id, code }))).toBe(
      "TOO_MANY_REQUESTS",
    );
  });
});

describe("operatorCatalog.updateModel", () => {
  it("an operator disables a model, changes its kind and re-enables it, each audited", async () => {
    const caller = callerFor(operator);
    expect(
      await caller.operatorCatalog.updateModel({ model: "sec-model", enabled: false }),
    ).toEqual({ id: "sec-model", enabled: false, kind: "CHAT" });
    await caller.operatorCatalog.updateModel({ model: "sec-model", kind: "EMBEDDING" });
    const listed = (await caller.operatorCatalog.models()).find((m) => m.id === "sec-model");
    expect(listed).toMatchObject({ enabled: false, kind: "EMBEDDING" });
    await caller.operatorCatalog.updateModel({ model: "sec-model", enabled: true, kind: "CHAT" });
    const audit = await caller.operatorInsights.auditLog({ action: "model.update" });
    expect(
      audit.items
        .filter((a) => a.targetId === "sec-model")
        .map((a) => [a.actorLabel, JSON.parse(a.data)]),
    ).toEqual([
      [
        "cat-operator@example.com",
        { before: { enabled: false, kind: "EMBEDDING" }, after: { enabled: true, kind: "CHAT" } },
      ],
      ["cat-operator@example.com", { before: { kind: "CHAT" }, after: { kind: "EMBEDDING" } }],
      ["cat-operator@example.com", { before: { enabled: true }, after: { enabled: false } }],
    ]);
    expect(
      await codeOf(caller.operatorCatalog.updateModel({ model: "no-such-model", enabled: false })),
    ).toBe("NOT_FOUND");
    expect(await codeOf(caller.operatorCatalog.updateModel({ model: "sec-model" }))).toBe(
      "BAD_REQUEST",
    );
  });
});
