// The seed service's "code" and "msg" on JSON answers: on by default; off per key, per tenant or
// platform-wide (the key's switch over its tenant's over the platform's); never in a stream.

import { setPlatformCodeMsg, setTenantCodeMsg, updateApiKey } from "@relay/services";
import { hashApiKey } from "@relay/services/key-secret";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, miniPrice, startHarness } from "../testing/harness.ts";

let h: Harness;
const actor = { label: "test" };

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

async function chat(key: string, body: Record<string, unknown>) {
  const response = await fetch(`${h.baseURL}/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

const HELLO = { messages: [{ role: "user" as const, content: "1+100=" }], max_tokens: 20 };

/** A fresh key of a fresh tenant with the switches set before the key is first used. */
async function keyWith(switches: { tenant?: boolean | null; key?: boolean | null }) {
  const made = await h.tenant();
  if (switches.tenant !== undefined) {
    await setTenantCodeMsg({
      ctx: { db: h.db, actor },
      input: { tenantId: made.tenantId, codeMsg: switches.tenant },
    });
  }
  if (switches.key !== undefined) {
    await updateApiKey({
      ctx: { db: h.db, actor },
      input: { tenantId: made.tenantId, keyId: made.keyId, codeMsg: switches.key },
    });
  }
  return made;
}

describe("code and msg", () => {
  it('on by default: 0 and "" on success, the status and the message on failure', async () => {
    const { tenantId, key } = await keyWith({});
    const before = await h.balance(tenantId);
    const ok = await chat(key, HELLO);
    const answer = JSON.parse(ok.text) as { code: number; msg: string; usage: never };
    expect(answer).toMatchObject({ code: 0, msg: "", object: "chat.completion" });
    expect(before.balance - (await h.balance(tenantId)).balance).toBe(miniPrice(answer.usage));

    const refused = JSON.parse((await chat(key, { ...HELLO, model: "no-such-model" })).text);
    expect(refused).toEqual({
      code: 404,
      msg: "The model 'no-such-model' does not exist or you do not have access to it.",
      error: {
        message: "The model 'no-such-model' does not exist or you do not have access to it.",
        type: "invalid_request_error",
        param: "model",
        code: "model_not_found",
      },
    });
    // The official SDK reads the OpenAI object and ignores the rest.
    const viaSdk = await h.client(key).chat.completions.create({ model: "gpt-4o-mini", ...HELLO });
    expect(viaSdk.choices[0]?.message.content).toBeTruthy();
  });

  it("a key switched off: neither field on success or failure, charged the same", async () => {
    const { tenantId, key } = await keyWith({ key: false });
    const before = await h.balance(tenantId);
    const ok = await chat(key, HELLO);
    expect(ok.status).toBe(200);
    const answer = JSON.parse(ok.text) as Record<string, unknown>;
    expect(answer).not.toHaveProperty("code");
    expect(answer).not.toHaveProperty("msg");
    const usage = answer.usage as { prompt_tokens: number; completion_tokens: number };
    expect(before.balance - (await h.balance(tenantId)).balance).toBe(miniPrice(usage));

    const refused = await chat(key, { ...HELLO, model: "no-such-model" });
    expect(refused.status).toBe(404);
    expect(Object.keys(JSON.parse(refused.text))).toEqual(["error"]);
  });

  it("a tenant switched off applies to its keys; a key switched on overrides it", async () => {
    const inheriting = await keyWith({ tenant: false });
    expect(JSON.parse((await chat(inheriting.key, HELLO)).text)).not.toHaveProperty("code");
    const overriding = await keyWith({ tenant: false, key: true });
    expect(JSON.parse((await chat(overriding.key, HELLO)).text)).toMatchObject({ code: 0 });
  });

  it("platform-wide off: keys that inherit and errors before any key have none; a key on still does", async () => {
    const inheriting = await keyWith({});
    const keyOn = await keyWith({ key: true });
    await setPlatformCodeMsg({ ctx: { db: h.db, actor }, input: { enabled: false } });
    try {
      expect(JSON.parse((await chat(inheriting.key, HELLO)).text)).not.toHaveProperty("code");
      expect(JSON.parse((await chat(keyOn.key, HELLO)).text)).toMatchObject({ code: 0, msg: "" });
      const badKey = await chat("sk-relay-notARealKey0000000000000000000000000000", HELLO);
      expect(badKey.status).toBe(401);
      expect(Object.keys(JSON.parse(badKey.text))).toEqual(["error"]);
    } finally {
      await setPlatformCodeMsg({ ctx: { db: h.db, actor }, input: { enabled: true } });
    }
    // Back on: the next call (any key's) brings the catalog, and errors before a key, back.
    expect(JSON.parse((await chat(inheriting.key, HELLO)).text)).toMatchObject({ code: 0 });
    const badKey = JSON.parse((await chat("sk-relay-nope", HELLO)).text);
    expect(badKey).toMatchObject({ code: 401, msg: badKey.error.message });
  });

  it("never inside a stream", async () => {
    const { key } = await keyWith({});
    const streamed = await chat(key, { ...HELLO, stream: true });
    expect(streamed.status).toBe(200);
    const events = streamed.text.split("\n\n").filter((line) => line.startsWith("data: "));
    expect(events.at(-1)).toBe("data: [DONE]");
    for (const event of events.slice(0, -1)) {
      const chunk = JSON.parse(event.slice("data: ".length)) as Record<string, unknown>;
      expect(chunk).not.toHaveProperty("code");
      expect(chunk).not.toHaveProperty("msg");
    }
  });

  it("a key's switch changed after use applies once its cached record is dropped", async () => {
    const { tenantId, keyId, key } = await keyWith({});
    expect(JSON.parse((await chat(key, HELLO)).text)).toMatchObject({ code: 0 });
    await updateApiKey({ ctx: { db: h.db, actor }, input: { tenantId, keyId, codeMsg: false } });
    // What the update's notification does in a listening proxy.
    h.proxy.gateway.keys.invalidate(hashApiKey(key));
    expect(JSON.parse((await chat(key, HELLO)).text)).not.toHaveProperty("code");
  });
});
