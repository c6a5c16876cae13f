// Default models and the code/msg switches: the platform's and a tenant's are the operator's
// alone; a key's is its organization's admins' (like its other limits). Every change is audited.
import { getPlatformCodeMsg, listDefaultModels } from "@relay/services";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppSession } from "./auth/session.ts";
import { type Caller, callerFor, codeOf, db, join, person } from "./testing.ts";

afterAll(() => db.$disconnect());

let owner: Awaited<ReturnType<typeof person>>;
let dev: Awaited<ReturnType<typeof person>>;
let operator: AppSession;

beforeAll(async () => {
  owner = await person("defaults-owner@example.com");
  dev = await person("defaults-dev@example.com");
  await join(dev.session.user.id, owner.tenant.id, "DEVELOPER");
  const op = await person("defaults-operator@example.com");
  await db.user.update({ where: { id: op.session.user.id }, data: { role: "OPERATOR" } });
  operator = { user: { ...op.session.user, role: "OPERATOR" } };
  await callerFor(operator).operatorCatalog.setPrice({
    model: "defaults-chat",
    input: "1",
    output: "2",
  });
});

const operatorCalls: Record<string, (c: Caller) => Promise<unknown>> = {
  "operatorCatalog.clientDefaults": (c) => c.operatorCatalog.clientDefaults(),
  "operatorCatalog.setDefaultModel": (c) =>
    c.operatorCatalog.setDefaultModel({ endpoint: "chat", model: "defaults-chat" }),
  "operatorCatalog.setCodeMsg": (c) => c.operatorCatalog.setCodeMsg({ enabled: false }),
  "operatorTenants.setCodeMsg": (c) =>
    c.operatorTenants.setCodeMsg({ tenantId: owner.tenant.id, codeMsg: false }),
};

describe("client defaults procedures", () => {
  it.each(Object.keys(operatorCalls))(
    "%s: signed out, a tenant owner, a forged OPERATOR are refused",
    async (name) => {
      const call = operatorCalls[name];
      if (!call) throw new Error(name);
      expect(await codeOf(call(callerFor(null)))).toBe("UNAUTHORIZED");
      expect(await codeOf(call(callerFor(owner.session)))).toBe("FORBIDDEN");
      const forged = { user: { ...dev.session.user, role: "OPERATOR" as const } };
      expect(await codeOf(call(callerFor(forged)))).toBe("FORBIDDEN");
    },
  );

  it("nothing the refused calls tried changed anything", async () => {
    expect((await listDefaultModels({ ctx: { db } })).chat).not.toBe("defaults-chat");
    expect(await getPlatformCodeMsg({ ctx: { db } })).toBe(true);
    expect((await db.tenant.findUniqueOrThrow({ where: { id: owner.tenant.id } })).codeMsg).toBe(
      null,
    );
  });

  it("an operator sets and clears a default and the switches, each audited", async () => {
    const caller = callerFor(operator);
    expect(
      await caller.operatorCatalog.setDefaultModel({ endpoint: "chat", model: "defaults-chat" }),
    ).toEqual({ endpoint: "chat", model: "defaults-chat" });
    expect(
      await codeOf(caller.operatorCatalog.setDefaultModel({ endpoint: "chat", model: "nope" })),
    ).toBe("NOT_FOUND");
    await caller.operatorCatalog.setCodeMsg({ enabled: false });
    expect(await caller.operatorCatalog.clientDefaults()).toMatchObject({
      defaults: expect.arrayContaining([{ endpoint: "chat", model: "defaults-chat" }]),
      codeMsg: false,
    });
    await caller.operatorCatalog.setCodeMsg({ enabled: true });
    await caller.operatorCatalog.setDefaultModel({ endpoint: "chat", model: null });
    expect((await caller.operatorCatalog.clientDefaults()).defaults[0]).toEqual({
      endpoint: "chat",
      model: null,
    });
    expect(
      await caller.operatorTenants.setCodeMsg({ tenantId: owner.tenant.id, codeMsg: false }),
    ).toEqual({ id: owner.tenant.id, codeMsg: false });
    expect(
      (await caller.operatorTenants.detail({ tenantId: owner.tenant.id })).tenant.codeMsg,
    ).toBe(false);
    const actions = await db.auditLog.findMany({
      where: {
        actorLabel: "defaults-operator@example.com",
        action: { in: ["model.default", "settings.code_msg", "tenant.code_msg"] },
      },
    });
    expect(actions).toHaveLength(5);
  });

  it("a key's switch is set by its organization's admins, not its developers", async () => {
    const created = await callerFor(owner.session).apiKey.create({
      tenantId: owner.tenant.id,
      name: "envelope",
    });
    const keyId = created.id;
    expect(
      await codeOf(
        callerFor(dev.session).apiKey.update({ tenantId: owner.tenant.id, keyId, codeMsg: true }),
      ),
    ).toBe("FORBIDDEN");
    const updated = await callerFor(owner.session).apiKey.update({
      tenantId: owner.tenant.id,
      keyId,
      codeMsg: false,
    });
    expect(updated.codeMsg).toBe(false);
    const listed = await callerFor(dev.session).apiKey.list({ tenantId: owner.tenant.id });
    expect(listed.find((k) => k.id === keyId)?.codeMsg).toBe(false);
  });
});
