import { getDb } from "@relay/db";
import { afterAll, describe, expect, it } from "vitest";
import type { ServiceContext } from "../context.ts";
import { createTenant } from "../tenant/create.ts";
import { createApiKey } from "./create.ts";
import { revokeApiKey } from "./revoke.ts";
import { ipOrCidr, updateApiKey } from "./update.ts";

const db = getDb();
const ctx: ServiceContext = { db, actor: { label: "test" } };

afterAll(() => db.$disconnect());

describe("updateApiKey", () => {
  it("sets and clears limits, disables and enables, and audits each change", async () => {
    const tenant = await createTenant({ ctx, input: { name: "Limits Inc" } });
    const { apiKey } = await createApiKey({
      ctx,
      input: { tenant: tenant.id, name: "k", allowedModels: [], allowedIps: [] },
    });
    const base = { tenantId: tenant.id, keyId: apiKey.id };
    const limited = await updateApiKey({
      ctx,
      input: {
        ...base,
        rpmLimit: 1,
        tpmLimit: 1000,
        budget: 2_500_000n,
        allowedModels: ["gpt-4o-mini"],
        allowedIps: ["10.0.0.0/8"],
        expiresAt: new Date("2030-01-01T00:00:00Z"),
      },
    });
    expect(limited).toMatchObject({ rpmLimit: 1, tpmLimit: 1000, budget: 2_500_000n });
    expect(Object.keys(limited)).not.toContain("keyHash");

    const cleared = await updateApiKey({
      ctx,
      input: { ...base, rpmLimit: null, budget: null, expiresAt: null, allowedIps: [] },
    });
    expect(cleared).toMatchObject({
      rpmLimit: null,
      tpmLimit: 1000,
      budget: null,
      expiresAt: null,
    });

    expect((await updateApiKey({ ctx, input: { ...base, status: "DISABLED" } })).status).toBe(
      "DISABLED",
    );
    expect((await updateApiKey({ ctx, input: { ...base, status: "ACTIVE" } })).status).toBe(
      "ACTIVE",
    );
    const audit = await db.auditLog.findMany({
      where: { targetId: apiKey.id },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((row) => row.action)).toEqual([
      "api_key.create",
      "api_key.update",
      "api_key.update",
      "api_key.disable",
      "api_key.enable",
    ]);
  });

  it("refuses another tenant's key and any change to a revoked key", async () => {
    const a = await createTenant({ ctx, input: { name: "Edit A" } });
    const b = await createTenant({ ctx, input: { name: "Edit B" } });
    const { apiKey } = await createApiKey({
      ctx,
      input: { tenant: a.id, name: "k", allowedModels: [], allowedIps: [] },
    });
    await expect(
      updateApiKey({ ctx, input: { tenantId: b.id, keyId: apiKey.id, rpmLimit: 5 } }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await revokeApiKey({ ctx, input: { key: apiKey.id, tenantId: a.id } });
    await expect(
      updateApiKey({ ctx, input: { tenantId: a.id, keyId: apiKey.id, status: "ACTIVE" } }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it.each([
    ["203.0.113.7", true],
    ["10.0.0.0/8", true],
    ["2001:db8::/32", true],
    ["10.0.0.0/33", false],
    ["10.0.0.0/8/1", false],
    ["example.com", false],
    ["300.1.1.1", false],
  ])("IP rule %s valid: %s", (rule, valid) => {
    expect(ipOrCidr.safeParse(rule).success).toBe(valid);
  });
});
