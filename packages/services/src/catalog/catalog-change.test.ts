// Default models and the code/msg switches: validated, audited, and every change the proxy's
// catalog holds bumps the catalog version in its own transaction.
import { getDb } from "@relay/db";
import { afterAll, describe, expect, it } from "vitest";
import { setChannelStatus } from "../channel/update.ts";
import type { ServiceContext } from "../context.ts";
import { ServiceError } from "../errors.ts";
import { createApiKey } from "../key/create.ts";
import { setPrice } from "../price/set.ts";
import { getPlatformCodeMsg, setPlatformCodeMsg, setTenantCodeMsg } from "../settings/code-msg.ts";
import { createTenant } from "../tenant/create.ts";
import { listDefaultModels, setDefaultModel, setDefaultModelInput } from "./default-model.ts";

const db = getDb();
const ctx: ServiceContext = { db, actor: { label: "test" } };
afterAll(() => db.$disconnect());

async function version(): Promise<bigint> {
  const row = await db.catalogVersion.findUnique({ where: { id: 1 } });
  return row?.version ?? 0n;
}

describe("default models", () => {
  it("set, replace and clear an endpoint's default; an unknown model or endpoint is refused", async () => {
    await setPrice({
      ctx,
      input: { model: "default-test-a", scope: "SALE", input: 1n, output: 1n },
    });
    await setPrice({
      ctx,
      input: { model: "default-test-b", scope: "SALE", input: 1n, output: 1n },
    });
    const start = await version();

    expect(
      await setDefaultModel({ ctx, input: { endpoint: "completions", model: "default-test-a" } }),
    ).toMatchObject({ completions: "default-test-a" });
    expect(await version()).toBe(start + 1n);
    await setDefaultModel({ ctx, input: { endpoint: "completions", model: "default-test-b" } });
    expect((await listDefaultModels({ ctx })).completions).toBe("default-test-b");
    // The same value again changes nothing and bumps nothing.
    await setDefaultModel({ ctx, input: { endpoint: "completions", model: "default-test-b" } });
    expect(await version()).toBe(start + 2n);
    await setDefaultModel({ ctx, input: { endpoint: "completions", model: null } });
    expect((await listDefaultModels({ ctx })).completions).toBeUndefined();
    expect(await version()).toBe(start + 3n);

    await expect(
      setDefaultModel({ ctx, input: { endpoint: "completions", model: "no-such-model" } }),
    ).rejects.toBeInstanceOf(ServiceError);
    expect(setDefaultModelInput.safeParse({ endpoint: "moderations", model: "x" }).success).toBe(
      false,
    );
    const audits = await db.auditLog.findMany({
      where: { action: "model.default", targetId: "completions" },
      orderBy: { createdAt: "asc" },
    });
    expect(audits.map((a) => a.data)).toEqual([
      { before: null, after: "default-test-a" },
      { before: "default-test-a", after: "default-test-b" },
      { before: "default-test-b", after: null },
    ]);
  });

  it("prices and channel changes bump the catalog version in their transaction", async () => {
    const start = await version();
    await setPrice({
      ctx,
      input: { model: "default-test-a", scope: "SALE", input: 2n, output: 2n },
    });
    expect(await version()).toBe(start + 1n);
    const channel = await db.channel.create({
      data: {
        provider: "OPENAI_COMPATIBLE",
        name: "version-test",
        baseUrl: "http://127.0.0.1:1/v1",
        credentialCiphertext: "x",
        credentialHint: "x",
      },
    });
    await setChannelStatus({ ctx, input: { channelId: channel.id, status: "DISABLED" } });
    expect(await version()).toBe(start + 2n);
  });
});

describe("code and msg switches", () => {
  it("on by default platform-wide; switching it bumps the catalog version and is audited", async () => {
    expect(await getPlatformCodeMsg({ ctx })).toBe(true);
    const start = await version();
    try {
      expect(await setPlatformCodeMsg({ ctx, input: { enabled: false } })).toBe(false);
      expect(await getPlatformCodeMsg({ ctx })).toBe(false);
      expect(await version()).toBe(start + 1n);
    } finally {
      await setPlatformCodeMsg({ ctx, input: { enabled: true } });
    }
    expect(await db.auditLog.count({ where: { action: "settings.code_msg" } })).toBe(2);
  });

  it("a tenant's override is stored, audited, and refused for an unknown tenant", async () => {
    const tenant = await createTenant({ ctx, input: { name: "Switch", slug: "code-msg-switch" } });
    await createApiKey({
      ctx,
      input: { tenant: tenant.id, name: "k", allowedModels: [], allowedIps: [] },
    });
    expect(
      (await setTenantCodeMsg({ ctx, input: { tenantId: tenant.id, codeMsg: false } })).codeMsg,
    ).toBe(false);
    expect(
      (await setTenantCodeMsg({ ctx, input: { tenantId: tenant.id, codeMsg: null } })).codeMsg,
    ).toBe(null);
    expect(
      await db.auditLog.count({ where: { action: "tenant.code_msg", tenantId: tenant.id } }),
    ).toBe(2);
    await expect(
      setTenantCodeMsg({
        ctx,
        input: { tenantId: "00000000-0000-4000-8000-000000000000", codeMsg: true },
      }),
    ).rejects.toBeInstanceOf(ServiceError);
  });
});
