import { getDb } from "@relay/db";
import { createApiKey, createTenant, revokeApiKey, seedDemo } from "@relay/services";
import OpenAI from "openai";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProxy, type ProxyServer } from "./server.ts";
import { encryptionKey } from "./testing/harness.ts";

const db = getDb();
const actor = { label: "test" };
let proxy: ProxyServer;
let pool: pg.Pool;
let baseURL: string;
let key: string;

beforeAll(async () => {
  await seedDemo({
    ctx: { db },
    input: {
      operatorEmail: "op@test",
      operatorPassword: "pw",
      upstreamUrl: "http://127.0.0.1:1/v1",
    },
    encryptionKey,
  });
  const tenant = await createTenant({ ctx: { db, actor }, input: { name: "ProxyServer tests" } });
  key = (
    await createApiKey({
      ctx: { db, actor },
      input: { tenant: tenant.id, name: "t", allowedModels: [], allowedIps: [] },
    })
  ).secret;
  pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
  proxy = createProxy({ db, pool, encryptionKey, keyCacheTtlMs: 50 });
  baseURL = (await proxy.listen(0, "127.0.0.1")).url;
});

afterAll(async () => {
  await proxy.close();
  await pool.end();
  await db.$disconnect();
});

function client(apiKey: string) {
  return new OpenAI({ apiKey, baseURL, maxRetries: 0 });
}

describe("proxy foundation", () => {
  it("lists and retrieves models for a valid key with the official SDK", async () => {
    const page = await client(key).models.list();
    const ids = page.data.map((m) => m.id);
    expect(ids).toEqual(
      expect.arrayContaining(["gpt-4o-mini", "text-embedding-3-small", "dall-e-3"]),
    );
    const model = await client(key).models.retrieve("gpt-4o-mini");
    expect(model).toMatchObject({ id: "gpt-4o-mini", object: "model", owned_by: "openai" });
  });

  it("limits the list to the key's allowed models", async () => {
    const tenant = await createTenant({ ctx: { db, actor }, input: { name: "Limited" } });
    const { secret } = await createApiKey({
      ctx: { db, actor },
      input: { tenant: tenant.id, name: "l", allowedModels: ["gpt-4o-mini"], allowedIps: [] },
    });
    expect((await client(secret).models.list()).data.map((m) => m.id)).toEqual(["gpt-4o-mini"]);
    await expect(client(secret).models.retrieve("gpt-4o")).rejects.toBeInstanceOf(
      OpenAI.NotFoundError,
    );
  });

  it("answers a bad key with 401 in OpenAI's error shape", async () => {
    const response = await fetch(`${baseURL}/models`, {
      headers: { authorization: "Bearer sk-relay-notARealKey0000000000000000000000000000" },
    });
    expect(response.status).toBe(401);
    const body = (await response.json()) as { error: Record<string, unknown> };
    expect(body).toEqual({
      // The seed service's fields, before a key is known: the platform's switch (on).
      code: 401,
      msg: expect.stringContaining("Incorrect API key provided: sk-relay-notA****0000"),
      error: {
        message: expect.stringContaining("Incorrect API key provided: sk-relay-notA****0000"),
        type: "invalid_request_error",
        param: null,
        code: "invalid_api_key",
      },
    });
    expect(response.headers.get("x-request-id")).toMatch(/^req_/);
    await expect(client("sk-relay-wrong").models.list()).rejects.toBeInstanceOf(
      OpenAI.AuthenticationError,
    );

    const missing = await fetch(`${baseURL}/models`);
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toContain(
      "You didn't provide an API key",
    );
  });

  it("stops accepting a revoked key", async () => {
    const tenant = await createTenant({ ctx: { db, actor }, input: { name: "Revoked" } });
    const { secret, apiKey } = await createApiKey({
      ctx: { db, actor },
      input: { tenant: tenant.id, name: "r", allowedModels: [], allowedIps: [] },
    });
    await client(secret).models.list();
    await revokeApiKey({ ctx: { db, actor }, input: { key: apiKey.id } });
    // The proxy trusts a cached key for keyCacheTtlMs (50 ms here), never longer.
    await new Promise((resolve) => setTimeout(resolve, 100));
    await expect(client(secret).models.list()).rejects.toMatchObject({ status: 401 });
  });

  it("answers unknown paths with 404 in OpenAI's shape, and /healthz with ok", async () => {
    const response = await fetch(`${baseURL}/nope`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({
      error: {
        message: "Invalid URL (GET /v1/nope)",
        type: "invalid_request_error",
        param: null,
        code: null,
      },
    });
    const health = await fetch(baseURL.replace("/v1", "/healthz"));
    expect(await health.json()).toEqual({ ok: true });
  });
});
