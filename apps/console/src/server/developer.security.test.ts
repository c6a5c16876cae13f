// The developer area's tenant procedures (key limits, request detail, billing, settings, members,
// invitations): another tenant's ids read as NOT_FOUND, too-low roles get FORBIDDEN, and the
// guards of the verbs (last owner, used/expired links) hold. Through createCaller on the real db.
import type { MemberRole } from "@relay/db";
import { createApiKey, creditTenant } from "@relay/services";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Caller, callerFor, codeOf, db, join, person } from "./testing.ts";

afterAll(() => db.$disconnect());

let owner: Awaited<ReturnType<typeof person>>;
let other: Awaited<ReturnType<typeof person>>;
let admin: Awaited<ReturnType<typeof person>>;
let dev: Awaited<ReturnType<typeof person>>;
let keyId: string;
const requestId = "req_dev_security_1";

beforeAll(async () => {
  owner = await person("owner@dev-sec.example");
  other = await person("other@dev-sec.example");
  admin = await person("admin@dev-sec.example");
  dev = await person("dev@dev-sec.example");
  await join(admin.session.user.id, owner.tenant.id, "ADMIN");
  await join(dev.session.user.id, owner.tenant.id, "DEVELOPER");
  const { apiKey } = await createApiKey({
    ctx: { db, actor: { label: "test" } },
    input: { tenant: owner.tenant.id, name: "owner's", allowedModels: [], allowedIps: [] },
  });
  keyId = apiKey.id;
  await db.usageRecord.create({
    data: {
      requestId,
      tenantId: owner.tenant.id,
      apiKeyId: keyId,
      model: "gpt-4o-mini",
      endpoint: "/v1/chat/completions",
      status: 200,
      promptTokens: 10,
      completionTokens: 5,
      price: 123n,
      upstreamCost: 77n,
      latencyMs: 42,
    },
  });
  await creditTenant({
    ctx: { db, actor: { label: "test" } },
    input: { tenant: owner.tenant.id, amount: 2_000_000n, reason: "welcome" },
  });
});

/** Each new tenant procedure with otherwise valid input, and the least role it needs. */
const calls: Record<
  string,
  { min: MemberRole; call: (c: Caller, tenantId: string) => Promise<unknown> }
> = {
  "apiKey.update": {
    min: "ADMIN",
    call: (c, tenantId) => c.apiKey.update({ tenantId, keyId, rpmLimit: 5 }),
  },
  "apiKey.setStatus": {
    min: "ADMIN",
    call: (c, tenantId) => c.apiKey.setStatus({ tenantId, keyId, status: "ACTIVE" }),
  },
  "usage.get": { min: "DEVELOPER", call: (c, tenantId) => c.usage.get({ tenantId, requestId }) },
  "billing.ledger": { min: "DEVELOPER", call: (c, tenantId) => c.billing.ledger({ tenantId }) },
  "settings.get": { min: "DEVELOPER", call: (c, tenantId) => c.settings.get({ tenantId }) },
  "settings.members": {
    min: "DEVELOPER",
    call: (c, tenantId) => c.settings.members({ tenantId }),
  },
  "settings.update": {
    min: "ADMIN",
    call: (c, tenantId) => c.settings.update({ tenantId, lowBalanceEmail: "ops@example.com" }),
  },
  "settings.invitations": {
    min: "ADMIN",
    call: (c, tenantId) => c.settings.invitations({ tenantId }),
  },
  "settings.invite": {
    min: "ADMIN",
    call: (c, tenantId) => c.settings.invite({ tenantId, email: "new@example.com" }),
  },
  "settings.changeRole": {
    min: "OWNER",
    call: (c, tenantId) =>
      c.settings.changeRole({ tenantId, userId: dev.session.user.id, role: "DEVELOPER" }),
  },
  "settings.removeMember": {
    min: "OWNER",
    // A user id that is no member: every caller here is refused before it matters.
    call: (c, tenantId) =>
      c.settings.removeMember({ tenantId, userId: "00000000-0000-4000-8000-000000000001" }),
  },
};

describe("developer-area tenant procedures", () => {
  it.each(Object.keys(calls))("%s with another tenant's id -> NOT_FOUND", async (name) => {
    const entry = calls[name];
    if (!entry) throw new Error(name);
    expect(await codeOf(entry.call(callerFor(other.session), owner.tenant.id))).toBe("NOT_FOUND");
  });

  it.each(Object.keys(calls))("%s signed out -> UNAUTHORIZED", async (name) => {
    const entry = calls[name];
    if (!entry) throw new Error(name);
    expect(await codeOf(entry.call(callerFor(null), owner.tenant.id))).toBe("UNAUTHORIZED");
  });

  it.each(Object.keys(calls))("%s with too low a role -> FORBIDDEN", async (name) => {
    const entry = calls[name];
    if (!entry) throw new Error(name);
    const below = entry.min === "OWNER" ? admin : entry.min === "ADMIN" ? dev : undefined;
    if (!below) return;
    expect(await codeOf(entry.call(callerFor(below.session), owner.tenant.id))).toBe("FORBIDDEN");
  });

  it("another tenant's key, request and member read as NOT_FOUND through one's own tenant", async () => {
    const mine = callerFor(other.session);
    const tenantId = other.tenant.id;
    expect(await codeOf(mine.apiKey.update({ tenantId, keyId, rpmLimit: 1 }))).toBe("NOT_FOUND");
    expect(await codeOf(mine.apiKey.setStatus({ tenantId, keyId, status: "DISABLED" }))).toBe(
      "NOT_FOUND",
    );
    expect(await codeOf(mine.usage.get({ tenantId, requestId }))).toBe("NOT_FOUND");
    expect(
      await codeOf(
        mine.settings.changeRole({ tenantId, userId: dev.session.user.id, role: "OWNER" }),
      ),
    ).toBe("NOT_FOUND");
    expect(
      await codeOf(mine.settings.removeMember({ tenantId, userId: dev.session.user.id })),
    ).toBe("NOT_FOUND");
    expect(
      (await mine.billing.ledger({ tenantId })).items.every((e) => e.reason !== "welcome"),
    ).toBe(true);
    const key = await db.apiKey.findUniqueOrThrow({ where: { id: keyId } });
    expect([key.status, key.rpmLimit]).toEqual(["ACTIVE", null]);
  });

  it("request detail shows the price but never the upstream cost or the channel", async () => {
    const detail = await callerFor(dev.session).usage.get({ tenantId: owner.tenant.id, requestId });
    expect(detail.price).toBe(123n);
    expect(Object.keys(detail)).not.toContain("upstreamCost");
    expect(Object.keys(detail)).not.toContain("channelId");
  });

  it("a key edit is audited and the proxy is notified", async () => {
    const caller = callerFor(admin.session);
    const updated = await caller.apiKey.update({
      tenantId: owner.tenant.id,
      keyId,
      rpmLimit: 1,
      allowedIps: ["10.0.0.0/8", "2001:db8::1"],
      budget: 5_000_000n,
    });
    expect([updated.rpmLimit, updated.budget]).toEqual([1, 5_000_000n]);
    expect(
      await codeOf(
        caller.apiKey.update({ tenantId: owner.tenant.id, keyId, allowedIps: ["10.0.0.0/33"] }),
      ),
    ).toBe("BAD_REQUEST");
    const disabled = await caller.apiKey.setStatus({
      tenantId: owner.tenant.id,
      keyId,
      status: "DISABLED",
    });
    expect(disabled.status).toBe("DISABLED");
    const audit = await db.auditLog.findMany({
      where: { targetId: keyId },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((row) => row.action)).toEqual([
      "api_key.create",
      "api_key.update",
      "api_key.disable",
    ]);
  });

  it("the ledger lists the credit, newest first, with the balance after", async () => {
    const page = await callerFor(dev.session).billing.ledger({ tenantId: owner.tenant.id });
    expect(page.items[0]).toMatchObject({
      amount: 2_000_000n,
      balanceAfter: 2_000_000n,
      reason: "welcome",
    });
  });

  it("the last owner can be neither demoted nor removed", async () => {
    const caller = callerFor(owner.session);
    const tenantId = owner.tenant.id;
    const me = owner.session.user.id;
    expect(await codeOf(caller.settings.changeRole({ tenantId, userId: me, role: "ADMIN" }))).toBe(
      "CONFLICT",
    );
    expect(await codeOf(caller.settings.removeMember({ tenantId, userId: me }))).toBe("CONFLICT");
  });

  it("an invitation link works once, for the invited role, and not after it expires", async () => {
    const tenantId = owner.tenant.id;
    const invite = await callerFor(admin.session).settings.invite({
      tenantId,
      email: "joiner@dev-sec.example",
    });
    const stored = await db.invitation.findUniqueOrThrow({ where: { id: invite.id } });
    expect(stored.tokenHash).not.toContain(invite.token);
    const joiner = await person("joiner@dev-sec.example");
    const accepted = await callerFor(joiner.session).settings.acceptInvite({ token: invite.token });
    expect(accepted).toMatchObject({ tenantId, role: "DEVELOPER" });
    expect(
      await codeOf(callerFor(other.session).settings.acceptInvite({ token: invite.token })),
    ).toBe("CONFLICT");
    expect(await codeOf(callerFor(null).settings.acceptInvite({ token: invite.token }))).toBe(
      "UNAUTHORIZED",
    );

    const stale = await callerFor(owner.session).settings.invite({
      tenantId,
      email: "late@x.example",
    });
    await db.invitation.update({
      where: { id: stale.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(
      await codeOf(callerFor(other.session).settings.acceptInvite({ token: stale.token })),
    ).toBe("CONFLICT");
    expect(
      await codeOf(callerFor(other.session).settings.acceptInvite({ token: "x".repeat(43) })),
    ).toBe("NOT_FOUND");

    // The owner removes the new member; they lose access at once.
    await callerFor(owner.session).settings.removeMember({
      tenantId,
      userId: joiner.session.user.id,
    });
    expect(await codeOf(callerFor(joiner.session).settings.get({ tenantId }))).toBe("NOT_FOUND");
  });
});
