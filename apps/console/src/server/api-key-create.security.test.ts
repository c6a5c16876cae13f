// A developer cannot lift a key's limits (apiKey.update is for admins), so creating a key must not
// be a way around it: a developer's new key carries a budget. Through createCaller on the real db.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerFor, codeOf, db, join, type Person, person } from "./testing.ts";

afterAll(() => db.$disconnect());

let owner: Person;
let admin: Person;
let dev: Person;

beforeAll(async () => {
  owner = await person("owner@key-create-sec.example");
  admin = await person("admin@key-create-sec.example");
  dev = await person("dev@key-create-sec.example");
  await join(admin.session.user.id, owner.tenant.id, "ADMIN");
  await join(dev.session.user.id, owner.tenant.id, "DEVELOPER");
});

async function keyNames(): Promise<string[]> {
  const keys = await db.apiKey.findMany({ where: { tenantId: owner.tenant.id } });
  return keys.map((k) => k.name).sort();
}

describe("apiKey.create as a DEVELOPER", () => {
  it("refuses a key without a budget, with or without other limits, and makes none", async () => {
    const caller = callerFor(dev.session);
    const tenantId = owner.tenant.id;
    expect(await codeOf(caller.apiKey.create({ tenantId, name: "unlimited" }))).toBe("FORBIDDEN");
    expect(
      await codeOf(
        caller.apiKey.create({
          tenantId,
          name: "rate-limited only",
          rpmLimit: 10_000,
          tpmLimit: 1_000_000,
          allowedModels: ["gpt-4o-mini"],
        }),
      ),
    ).toBe("FORBIDDEN");
    expect(await keyNames()).not.toContain("unlimited");
    expect(await keyNames()).not.toContain("rate-limited only");
  });

  it("creates a key with a budget, which the developer then cannot lift", async () => {
    const caller = callerFor(dev.session);
    const tenantId = owner.tenant.id;
    const created = await caller.apiKey.create({ tenantId, name: "bounded", budget: 5_000_000n });
    const stored = await db.apiKey.findUniqueOrThrow({ where: { id: created.id } });
    expect(stored).toMatchObject({ budget: 5_000_000n, createdById: dev.session.user.id });
    expect(await codeOf(caller.apiKey.update({ tenantId, keyId: created.id, budget: null }))).toBe(
      "FORBIDDEN",
    );
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: created.id } })).budget).toBe(
      5_000_000n,
    );
  });
});

describe("apiKey.create as an ADMIN or OWNER", () => {
  it.each([
    ["ADMIN", () => admin],
    ["OWNER", () => owner],
  ])("%s may create a key without limits", async (role, who) => {
    const created = await callerFor(who().session).apiKey.create({
      tenantId: owner.tenant.id,
      name: `open by ${role}`,
    });
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: created.id } })).budget).toBeNull();
  });
});
