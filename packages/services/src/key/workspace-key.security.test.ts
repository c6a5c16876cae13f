// The playground's key check: only an active key of the tenant itself passes.
import { getDb } from "@relay/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTenant } from "../tenant/create.ts";
import { createApiKey } from "./create.ts";
import { revokeApiKey } from "./revoke.ts";
import { isActiveTenantKey } from "./workspace-key.ts";

const db = getDb();
const ctx = { db, actor: { label: "test" } };
let mine: string;
let theirs: string;
let tenantId: string;
let otherId: string;

afterAll(() => db.$disconnect());

beforeAll(async () => {
  const run = Date.now().toString(36);
  tenantId = (await createTenant({ ctx, input: { name: "Mine", slug: `wk-mine-${run}` } })).id;
  otherId = (await createTenant({ ctx, input: { name: "Theirs", slug: `wk-theirs-${run}` } })).id;
  const input = { name: "k", allowedModels: [], allowedIps: [] };
  mine = (await createApiKey({ ctx, input: { ...input, tenant: tenantId } })).secret;
  theirs = (await createApiKey({ ctx, input: { ...input, tenant: otherId } })).secret;
});

describe("isActiveTenantKey", () => {
  it("passes the tenant's own active key", async () => {
    expect(await isActiveTenantKey({ ctx, input: { tenantId, secret: mine } })).toBe(true);
  });

  it("refuses another tenant's key, a made-up one and a revoked one", async () => {
    expect(await isActiveTenantKey({ ctx, input: { tenantId, secret: theirs } })).toBe(false);
    expect(await isActiveTenantKey({ ctx, input: { tenantId, secret: "sk-relay-x" } })).toBe(false);
    const revoked = await createApiKey({
      ctx,
      input: { name: "old", allowedModels: [], allowedIps: [], tenant: tenantId },
    });
    await revokeApiKey({ ctx, input: { tenantId, key: revoked.apiKey.id } });
    expect(await isActiveTenantKey({ ctx, input: { tenantId, secret: revoked.secret } })).toBe(
      false,
    );
  });
});
