// The read-only routes with hostile input: every answer is OpenAI-shaped and none is a 5xx.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "../testing/harness.ts";

let h: Harness;
let key: string;

beforeAll(async () => {
  h = await startHarness();
  key = (await h.tenant()).key;
});

afterAll(async () => {
  await h.close();
});

async function get(path: string, apiKey = key) {
  const response = await fetch(`${h.baseURL}${path}`, {
    headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {},
  });
  return { status: response.status, body: (await response.json()) as { error?: unknown } };
}

const openAIError = (code: string | null, param: string | null = null) => ({
  error: { message: expect.any(String), type: "invalid_request_error", param, code },
});

describe("read-only routes with hostile input", () => {
  it.each(["/models/%E0%A4%A", "/models/%", "/models/%FF"])(
    "GET /v1%s (a malformed escape) is a 404 for that model",
    async (path) => {
      expect(await get(path)).toMatchObject({
        status: 404,
        body: openAIError("model_not_found", "model"),
      });
    },
  );

  it.each<[string, string]>([
    ["start_date=2026-13-01&end_date=2026-12-31", "start_date"],
    ["start_date=2026-01-01&end_date=2026-02-30", "end_date"],
    ["start_date=2026-00-10&end_date=2026-01-31", "start_date"],
    ["start_date=2026-01-01", "end_date"],
    ["start_date=%E0%A4%A&end_date=2026-01-31", "start_date"],
  ])("GET /v1/dashboard/billing/usage?%s is a 400 naming %s", async (query, param) => {
    expect(await get(`/dashboard/billing/usage?${query}`)).toMatchObject({
      status: 400,
      body: openAIError(null, param),
    });
  });

  it.each([
    "/models",
    "/models/gpt-4o-mini",
    "/dashboard/billing/subscription",
    "/dashboard/billing/usage?start_date=2026-01-01&end_date=2026-01-31",
    "/dashboard/billing/anything",
  ])("GET /v1%s without a key is a 401", async (path) => {
    expect((await get(path, "")).status).toBe(401);
  });
});
