import { getDb } from "@relay/db";
import { afterAll, describe, expect, it } from "vitest";
import type { ServiceContext } from "../context.ts";
import { createTenant } from "../tenant/create.ts";
import { createApiKey } from "./create.ts";
import { revokeApiKey } from "./revoke.ts";
import { generateApiKey, hashApiKey } from "./secret.ts";

const db = getDb();
const ctx: ServiceContext = { db, actor: { label: "test" } };

afterAll(() => db.$disconnect());

describe("API keys", () => {
  it("are long, random, and stored only as a hash with a short visible prefix", async () => {
    const keys = new Set(Array.from({ length: 200 }, generateApiKey));
    expect(keys.size).toBe(200);
    for (const key of keys) expect(key).toMatch(/^sk-relay-[A-Za-z0-9]{40}$/);

    const tenant = await createTenant({ ctx, input: { name: "Keys Inc" } });
    const { apiKey, secret } = await createApiKey({
      ctx,
      input: { tenant: tenant.slug, name: "ci", allowedModels: ["gpt-4o-mini"], allowedIps: [] },
    });
    expect(apiKey.keyHash).toBe(hashApiKey(secret));
    expect(apiKey.prefix).toBe(secret.slice(0, 13));
    expect(Object.values(apiKey).map(String).join(" ")).not.toContain(secret.slice(13));
    expect(apiKey.allowedModels).toEqual(["gpt-4o-mini"]);
  });

  it("revoke by prefix is final, audited, and scoped to the tenant when one is given", async () => {
    const a = await createTenant({ ctx, input: { name: "Tenant A" } });
    const b = await createTenant({ ctx, input: { name: "Tenant B" } });
    const { apiKey } = await createApiKey({
      ctx,
      input: { tenant: a.id, name: "k", allowedModels: [], allowedIps: [] },
    });
    await expect(
      revokeApiKey({ ctx, input: { key: apiKey.id, tenantId: b.id } }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });

    const revoked = await revokeApiKey({ ctx, input: { key: apiKey.prefix } });
    expect(revoked.status).toBe("REVOKED");
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    expect(
      await db.auditLog.count({ where: { action: "api_key.revoke", targetId: apiKey.id } }),
    ).toBe(1);
  });
});
