import { createApiKey } from "@relay/services";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerFor, codeOf, db, join, person } from "./testing.ts";

afterAll(() => db.$disconnect());

let alice: Awaited<ReturnType<typeof person>>;
let mallory: Awaited<ReturnType<typeof person>>;
let dev: Awaited<ReturnType<typeof person>>;
let aliceKeyId: string;

beforeAll(async () => {
  alice = await person("alice@example.com");
  mallory = await person("mallory@example.com");
  dev = await person("dev@example.com");
  await join(dev.session.user.id, alice.tenant.id, "DEVELOPER");
  const { apiKey } = await createApiKey({
    ctx: { db, actor: { label: "test" } },
    input: { tenant: alice.tenant.id, name: "alice's", allowedModels: [], allowedIps: [] },
  });
  aliceKeyId = apiKey.id;
});

/** Each tenant procedure, called on behalf of a tenant with otherwise valid input. */
const tenantCalls: Record<
  string,
  (caller: ReturnType<typeof callerFor>, tenantId: string) => Promise<unknown>
> = {
  "tenant.overview": (c, tenantId) => c.tenant.overview({ tenantId }),
  "apiKey.list": (c, tenantId) => c.apiKey.list({ tenantId }),
  "apiKey.create": (c, tenantId) => c.apiKey.create({ tenantId, name: "stolen" }),
  "apiKey.revoke": (c, tenantId) => c.apiKey.revoke({ tenantId, keyId: aliceKeyId }),
  "usage.list": (c, tenantId) => c.usage.list({ tenantId }),
};

describe("tenant procedures", () => {
  it.each(Object.keys(tenantCalls))("%s with another tenant's id -> NOT_FOUND", async (name) => {
    const call = tenantCalls[name];
    if (!call) throw new Error(name);
    expect(await codeOf(call(callerFor(mallory.session), alice.tenant.id))).toBe("NOT_FOUND");
  });

  it.each(Object.keys(tenantCalls))(
    "%s with a tenant id that does not exist -> NOT_FOUND",
    async (name) => {
      const call = tenantCalls[name];
      if (!call) throw new Error(name);
      const missing = "00000000-0000-4000-8000-000000000000";
      expect(await codeOf(call(callerFor(alice.session), missing))).toBe("NOT_FOUND");
    },
  );

  it.each(Object.keys(tenantCalls))("%s signed out -> UNAUTHORIZED", async (name) => {
    const call = tenantCalls[name];
    if (!call) throw new Error(name);
    expect(await codeOf(call(callerFor(null), alice.tenant.id))).toBe("UNAUTHORIZED");
  });

  it("another tenant's key cannot be revoked through one's own tenant either", async () => {
    const code = await codeOf(
      callerFor(mallory.session).apiKey.revoke({ tenantId: mallory.tenant.id, keyId: aliceKeyId }),
    );
    expect(code).toBe("NOT_FOUND");
    const key = await db.apiKey.findUniqueOrThrow({ where: { id: aliceKeyId } });
    expect(key.status).toBe("ACTIVE");
  });

  it("a DEVELOPER may list and create keys but revoking (ADMIN+) is FORBIDDEN", async () => {
    const caller = callerFor(dev.session);
    expect(await caller.apiKey.list({ tenantId: alice.tenant.id })).toHaveLength(1);
    // With a budget: a developer's key always has one (api-key-create.security.test.ts).
    const created = await caller.apiKey.create({
      tenantId: alice.tenant.id,
      name: "dev key",
      budget: 1_000_000n,
    });
    expect(created.secret).toMatch(/^sk-relay-/);
    expect(
      await codeOf(caller.apiKey.revoke({ tenantId: alice.tenant.id, keyId: aliceKeyId })),
    ).toBe("FORBIDDEN");
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: aliceKeyId } })).status).toBe(
      "ACTIVE",
    );
  });

  it("the owner revokes, and the key list never carries the hash or the secret", async () => {
    const caller = callerFor(alice.session);
    const revoked = await caller.apiKey.revoke({ tenantId: alice.tenant.id, keyId: aliceKeyId });
    expect(revoked.status).toBe("REVOKED");
    const listed = await caller.apiKey.list({ tenantId: alice.tenant.id });
    for (const key of listed) expect(Object.keys(key)).not.toContain("keyHash");
  });
});

describe("operator procedures", () => {
  it("refuse signed-out callers and tenant owners, serve operators", async () => {
    expect(await codeOf(callerFor(null).tenant.list({}))).toBe("UNAUTHORIZED");
    expect(await codeOf(callerFor(alice.session).tenant.list({}))).toBe("FORBIDDEN");

    await db.user.update({ where: { id: mallory.session.user.id }, data: { role: "OPERATOR" } });
    const operator = { user: { ...mallory.session.user, role: "OPERATOR" as const } };
    const tenants = await callerFor(operator).tenant.list({ search: "alice" });
    expect(tenants.map((t) => t.id)).toContain(alice.tenant.id);
  });

  it("a session that still claims OPERATOR after a demotion is refused", async () => {
    const forged = { user: { ...alice.session.user, role: "OPERATOR" as const } };
    expect(await codeOf(callerFor(forged).tenant.list({}))).toBe("FORBIDDEN");
  });
});

describe("me.get", () => {
  it("lists only the caller's own memberships", async () => {
    const me = await callerFor(dev.session).me.get();
    expect(me.memberships.map((m) => [m.tenant.id, m.role]).sort()).toEqual(
      [
        [dev.tenant.id, "OWNER"],
        [alice.tenant.id, "DEVELOPER"],
      ].sort(),
    );
    expect(await codeOf(callerFor(null).me.get())).toBe("UNAUTHORIZED");
  });
});
