// Refusals on the Messages routes come in Anthropic's error shape and statuses, which its SDKs
// (and Claude Code) read; none of them costs anything.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "../../testing/harness.ts";
import { addClaude, anthropic, CLAUDE } from "./test-setup.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  await addClaude(h);
});
afterAll(async () => {
  await h.close();
});

const hello = {
  model: CLAUDE,
  max_tokens: 32,
  messages: [{ role: "user" as const, content: "hello" }],
};

function anthropicError(status: number, type: string) {
  return { status, error: { type: "error", error: { type, message: expect.any(String) } } };
}

describe("Messages refusals", () => {
  it("no key, a wrong x-api-key: 401 authentication_error, with Anthropic's request-id", async () => {
    const bare = await fetch(`${h.baseURL}/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", "anthropic-version": "2023-06-01" },
      body: JSON.stringify(hello),
    });
    expect(bare.status).toBe(401);
    const requestId = bare.headers.get("request-id");
    expect(requestId).toMatch(/^req_/);
    expect(await bare.json()).toEqual({
      type: "error",
      error: { type: "authentication_error", message: expect.any(String) },
      request_id: requestId,
    });
    await expect(anthropic(h, "sk-relay-wrong").messages.create(hello)).rejects.toMatchObject(
      anthropicError(401, "authentication_error"),
    );
  });

  it("the Relay key as a bearer token is accepted too", async () => {
    const { key } = await h.tenant();
    const message = await anthropic(h, key, { bearer: true }).messages.create(hello);
    expect(message.type).toBe("message");
  });

  it("x-api-key is a key only on Anthropic's routes: OpenAI's read the Authorization header", async () => {
    const { key } = await h.tenant();
    const chat = await fetch(`${h.baseURL}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": key },
      body: JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] }),
    });
    expect(chat.status).toBe(401);
    expect(await chat.json()).toMatchObject({ error: { type: "invalid_request_error" } });
  });

  it("a missing max_tokens is Anthropic's 400, before anything is held or sent", async () => {
    const { tenantId, key } = await h.tenant();
    const before = await h.balance(tenantId);
    const sent = h.sim.requests.length;
    const { max_tokens: _, ...withoutCap } = hello;
    await expect(
      anthropic(h, key).messages.create(withoutCap as typeof hello),
    ).rejects.toMatchObject({
      status: 400,
      error: {
        type: "error",
        error: { type: "invalid_request_error", message: "max_tokens: Field required" },
      },
    });
    expect(h.sim.requests.length).toBe(sent);
    expect(await h.balance(tenantId)).toEqual(before);
  });

  it("a model the key may not use is 403 permission_error; an unknown one 404 not_found_error", async () => {
    const { key } = await h.tenant({ models: ["gpt-4o-mini"] });
    await expect(anthropic(h, key).messages.create(hello)).rejects.toMatchObject(
      anthropicError(403, "permission_error"),
    );
    const { key: other } = await h.tenant();
    await expect(
      anthropic(h, other).messages.create({ ...hello, model: "no-such-model" }),
    ).rejects.toMatchObject(anthropicError(404, "not_found_error"));
  });

  it("an empty balance is billing_error (402), which the SDK does not retry", async () => {
    const { key } = await h.tenant({ credit: "0" });
    await expect(anthropic(h, key).messages.create(hello)).rejects.toMatchObject(
      anthropicError(402, "billing_error"),
    );
  });

  it("an overloaded upstream is overloaded_error, and costs nothing", async () => {
    const { tenantId, key } = await h.tenant();
    const before = await h.balance(tenantId);
    h.sim.faults.set({ status: 529, times: 1 });
    await expect(anthropic(h, key).messages.create(hello)).rejects.toMatchObject(
      anthropicError(503, "overloaded_error"),
    );
    const after = await h.balance(tenantId);
    expect(after.balance).toBe(before.balance);
    expect(after.held).toBe(0n);
  });

  it("an upstream's refusal of the request is relayed as invalid_request_error", async () => {
    const { tenantId, key } = await h.tenant();
    const before = await h.balance(tenantId);
    await expect(
      anthropic(h, key).messages.create({
        ...hello,
        messages: [{ role: "user", content: [{ type: "text", text: "" }] }],
      }),
    ).rejects.toMatchObject({
      status: 400,
      error: {
        type: "error",
        error: {
          type: "invalid_request_error",
          message: "messages: text content blocks must be non-empty",
        },
      },
    });
    expect((await h.balance(tenantId)).balance).toBe(before.balance);
  });
});
