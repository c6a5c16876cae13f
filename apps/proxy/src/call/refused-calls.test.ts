// Every call a developer makes with a valid key is in their usage log, refused ones included:
// its status, error code and message, and no charge. Calls without a valid key have no tenant
// and leave nothing.
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "../testing/harness.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
}, 60_000);
afterAll(() => h.close());

async function refusal(tenantId: string) {
  const before = await h.balance(tenantId);
  return async (status: number, code: string, message: string, model: string) => {
    const after = await h.balance(tenantId);
    expect(after).toEqual(before);
    const records = await h.db.usageRecord.findMany({ where: { tenantId } });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      status,
      errorCode: code,
      errorMessage: message,
      model,
      endpoint: "/chat/completions",
      price: 0n,
      channelId: null,
    });
    const daily = await h.db.usageDaily.findMany({ where: { tenantId } });
    expect(daily.map((d) => ({ requests: d.requests, errors: d.errors, price: d.price }))).toEqual([
      { requests: 1, errors: 1, price: 0n },
    ]);
    expect(await h.db.ledgerEntry.count({ where: { tenantId, kind: "USAGE" } })).toBe(0);
  };
}

describe("refused calls", () => {
  it("a 429 for no balance is recorded with its error and costs nothing", async () => {
    const { tenantId, key } = await h.tenant({ credit: "0" });
    const expectRecorded = await refusal(tenantId);
    const thrown = await h
      .client(key)
      .chat.completions.create({
        model: "gpt-4o-mini",
        messages: [{ role: "user", content: "no money" }],
      })
      .catch((error: unknown) => error);
    expect(thrown).toBeInstanceOf(OpenAI.RateLimitError);
    await expectRecorded(
      429,
      "insufficient_quota",
      "You exceeded your current quota, please top up your balance in the Relay console.",
      "gpt-4o-mini",
    );
  });

  it("a 404 for an unknown model is recorded under the model asked for", async () => {
    const { tenantId, key } = await h.tenant();
    const expectRecorded = await refusal(tenantId);
    const thrown = await h
      .client(key)
      .chat.completions.create({
        model: "gpt-9-imaginary",
        messages: [{ role: "user", content: "who are you" }],
      })
      .catch((error: unknown) => error);
    expect(thrown).toBeInstanceOf(OpenAI.NotFoundError);
    await expectRecorded(
      404,
      "model_not_found",
      "The model 'gpt-9-imaginary' does not exist or you do not have access to it.",
      "gpt-9-imaginary",
    );
  });

  it("a 400 for a bad body is recorded with the parameter it lacks", async () => {
    const { tenantId, key } = await h.tenant();
    const expectRecorded = await refusal(tenantId);
    const answer = await fetch(`${h.baseURL}/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "gpt-4o-mini" }),
    });
    expect(answer.status).toBe(400);
    const { error } = (await answer.json()) as { error: { message: string; code: string } };
    await expectRecorded(400, error.code, error.message, "gpt-4o-mini");
  });

  it("a model name with a NUL is recorded without it, and spoils no one else's batch", async () => {
    const { tenantId, key } = await h.tenant();
    const expectRecorded = await refusal(tenantId);
    const answer = await fetch(`${h.baseURL}/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "nul\u0000model", messages: [{ role: "user", content: "x" }] }),
    });
    expect(answer.status).toBe(404);
    await expectRecorded(
      404,
      "model_not_found",
      "The model 'nulmodel' does not exist or you do not have access to it.",
      "nulmodel",
    );
  });

  it("a call without a valid key leaves no record", async () => {
    const answer = await fetch(`${h.baseURL}/chat/completions`, {
      method: "POST",
      headers: { authorization: "Bearer sk-relay-not-a-key", "content-type": "application/json" },
      body: JSON.stringify({ model: "gpt-4o-mini", messages: [] }),
    });
    expect(answer.status).toBe(401);
    const requestId = answer.headers.get("x-request-id") ?? "";
    expect(requestId).not.toBe("");
    await h.proxy.flush();
    expect(await h.db.usageRecord.findUnique({ where: { requestId } })).toBeNull();
  });
});
