// A key's IP allow-list holds on every route that takes a key, and the client's address comes
// from X-Forwarded-For / X-Real-IP only when the peer is a trusted proxy.
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "../testing/harness.ts";

let h: Harness;
let behindProxy: Harness;

beforeAll(async () => {
  h = await startHarness();
  // As behind nginx: the test's own connections (from loopback) are the trusted proxy.
  behindProxy = await startHarness({
    proxy: { trustedProxies: ["127.0.0.1", "::1"] },
  });
});

afterAll(async () => {
  await behindProxy.close();
  await h.close();
});

const chat = {
  model: "gpt-4o-mini",
  messages: [{ role: "user" as const, content: "hi" }],
};

const AUTHENTICATED_GETS = [
  "/models",
  "/models/gpt-4o-mini",
  "/dashboard/billing/subscription",
  "/dashboard/billing/usage?start_date=2026-01-01&end_date=2026-01-31",
];

async function get(
  baseURL: string,
  path: string,
  key: string,
  headers: Record<string, string> = {},
) {
  const response = await fetch(`${baseURL}${path}`, {
    headers: { authorization: `Bearer ${key}`, ...headers },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("IP allow-lists on every authenticated route", () => {
  it.each(AUTHENTICATED_GETS)(
    "GET /v1%s refuses a key from an address it does not admit",
    async (path) => {
      const { key } = await h.tenant({ ips: ["10.1.2.0/24"] });
      const answer = await get(h.baseURL, path, key);
      expect(answer.status).toBe(403);
      expect(answer.body).toMatchObject({
        error: {
          message: expect.stringMatching(
            /^This API key cannot be used from (::ffff:)?127\.0\.0\.1\.$/,
          ),
          type: "permission_error",
          param: null,
          code: "ip_not_allowed",
        },
      });
    },
  );

  it.each(AUTHENTICATED_GETS)("GET /v1%s answers a key from an admitted address", async (path) => {
    const { key } = await h.tenant({ ips: ["127.0.0.1", "::1"] });
    expect((await get(h.baseURL, path, key)).status).toBe(200);
  });

  it("the balance is not readable from outside the list through the SDK either", async () => {
    const { key } = await h.tenant({ ips: ["10.1.2.0/24"] });
    await expect(h.client(key).models.list()).rejects.toBeInstanceOf(OpenAI.PermissionDeniedError);
  });
});

describe("client address behind a reverse proxy", () => {
  it("without trusted proxies, X-Forwarded-For and X-Real-IP cannot spoof an admitted address", async () => {
    const { key } = await h.tenant({ ips: ["10.1.2.0/24"] });
    const spoofed = { "x-forwarded-for": "10.1.2.3", "x-real-ip": "10.1.2.3" };
    expect((await get(h.baseURL, "/models", key, spoofed)).status).toBe(403);
    const response = await fetch(`${h.baseURL}/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...spoofed },
      body: JSON.stringify(chat),
    });
    expect(response.status).toBe(403);
  });

  it("from a trusted proxy, the forwarded client is checked against the list", async () => {
    const { key } = await behindProxy.tenant({ ips: ["10.1.2.0/24"] });
    // The proxy itself (loopback) is not on the list; the client it forwards is.
    expect((await get(behindProxy.baseURL, "/models", key)).status).toBe(403);
    expect(
      (await get(behindProxy.baseURL, "/models", key, { "x-forwarded-for": "10.1.2.3" })).status,
    ).toBe(200);
    expect(
      (await get(behindProxy.baseURL, "/models", key, { "x-real-ip": "10.1.2.3" })).status,
    ).toBe(200);
    // What a client claims left of the hop the proxy added is not believed.
    const claimed = await get(behindProxy.baseURL, "/models", key, {
      "x-forwarded-for": "10.1.2.3, 198.51.100.9",
    });
    expect(claimed.status).toBe(403);
    expect((claimed.body as { error: { message: string } }).error.message).toBe(
      "This API key cannot be used from 198.51.100.9.",
    );
  });

  it("the usage record keeps the forwarded client's address", async () => {
    const { tenantId, key } = await behindProxy.tenant({ ips: ["2001:db8::/32"] });
    const response = await fetch(`${behindProxy.baseURL}/chat/completions`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${key}`,
        "content-type": "application/json",
        "x-forwarded-for": "2001:db8::7",
      },
      body: JSON.stringify(chat),
    });
    expect(response.status).toBe(200);
    await response.text();
    await behindProxy.balance(tenantId);
    const records = await behindProxy.db.usageRecord.findMany({ where: { tenantId } });
    expect(records.map((r) => r.clientIp)).toEqual(["2001:db8::7"]);
  });
});
