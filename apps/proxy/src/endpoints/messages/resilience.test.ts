// A Messages call when an upstream fails: an Anthropic channel that is overloaded fails over to
// an OpenAI-style channel of the same model (translated there), and a stream cut short is cut
// for the client too and charged for what it carried.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { parseUsd } from "@relay/billing";
import { addChannel, setPrice } from "@relay/services";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { encryptionKey, type Harness, modelOn, startHarness } from "../../testing/harness.ts";
import { addClaude, anthropic, CLAUDE, claudePrice } from "./test-setup.ts";

let h: Harness;
let lenient: Server;
const actor = { label: "test" };
const EITHER = "claude-or-gpt";

beforeAll(async () => {
  h = await startHarness();
  await addClaude(h);
  await setPrice({
    ctx: { db: h.db, actor },
    input: { model: EITHER, scope: "SALE", input: parseUsd("1"), output: parseUsd("2") },
  });
  for (const [provider, upstreamModel, priority] of [
    ["ANTHROPIC", "claude-sonnet-4-5", 2],
    ["OPENAI_COMPATIBLE", "gpt-4o-mini", 1],
  ] as const) {
    await addChannel({
      ctx: { db: h.db, actor },
      input: {
        provider,
        name: `${EITHER} ${provider}`,
        baseUrl: h.sim.url,
        apiKey: "sk-sim",
        models: [{ model: EITHER, upstreamModel }],
        priority,
        weight: 1,
        config: {},
      },
      encryptionKey,
    });
  }
  // An OpenAI-compatible server that ignores `stream` and always answers one JSON body.
  lenient = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        id: "chatcmpl-lenient",
        object: "chat.completion",
        choices: [
          { index: 0, message: { role: "assistant", content: "One body." }, finish_reason: "stop" },
        ],
        usage: { prompt_tokens: 11, completion_tokens: 3, total_tokens: 14 },
      }),
    );
  });
  await new Promise<void>((resolve) => lenient.listen(0, "127.0.0.1", resolve));
  const { port } = lenient.address() as AddressInfo;
  await modelOn(h.db, "lenient-gpt", [`http://127.0.0.1:${port}/v1`]);
  await h.proxy.gateway.catalog.refresh();
});
afterEach(() => h.sim.faults.clear());
afterAll(async () => {
  await h.close();
  await new Promise((resolve) => lenient.close(resolve));
});

describe("Messages resilience", () => {
  it("an overloaded Anthropic channel fails over to a chat channel, answered in Anthropic's shape", async () => {
    const { tenantId, key } = await h.tenant();
    const before = await h.balance(tenantId);
    h.sim.faults.set({ status: 529, times: 1 });
    const message = await anthropic(h, key).messages.create({
      model: EITHER,
      max_tokens: 32,
      messages: [{ role: "user", content: "Hello there." }],
    });
    const [tried, answered] = h.sim.requests.slice(-2);
    expect(tried?.path).toBe("/v1/messages");
    expect(answered?.path).toBe("/v1/chat/completions");
    expect(message).toMatchObject({ type: "message", model: EITHER });
    // $1 / $2 per 1M tokens.
    const { input_tokens: input, output_tokens: output } = message.usage;
    const after = await h.balance(tenantId);
    expect(before.balance - after.balance).toBe(
      (BigInt(input) * 1_000_000n + BigInt(output) * 2_000_000n + 999_999n) / 1_000_000n,
    );
  });

  it("a stream the Anthropic channel breaks off: the client's stream breaks, the prompt is charged", async () => {
    const { tenantId, key } = await h.tenant();
    const client = anthropic(h, key);
    const request = {
      model: CLAUDE,
      max_tokens: 64,
      messages: [{ role: "user" as const, content: "A long story, please." }],
    };
    const whole = await client.messages.create(request);
    const before = await h.balance(tenantId);
    // message_start and content_block_start reach the proxy, then the connection is reset.
    h.sim.faults.set({ resetMidStream: true, afterChunks: 2, times: 1 });
    await expect(client.messages.stream(request).finalMessage()).rejects.toThrow();

    const after = await h.balance(tenantId);
    // The upstream's prompt count from message_start, and its placeholder output token.
    expect(before.balance - after.balance).toBe(
      claudePrice({ input_tokens: whole.usage.input_tokens, output_tokens: 1 }),
    );
    expect(after.held).toBe(0n);
  });

  it("a chat server that answers a stream request with one body: the client still gets events", async () => {
    const { tenantId, key } = await h.tenant();
    const before = await h.balance(tenantId);
    const events: string[] = [];
    const stream = anthropic(h, key).messages.stream({
      model: "lenient-gpt",
      max_tokens: 32,
      messages: [{ role: "user", content: "Stream, please." }],
    });
    stream.on("streamEvent", (event) => events.push(event.type));
    const final = await stream.finalMessage();
    expect(events).toEqual([
      "message_start",
      "content_block_start",
      "content_block_delta",
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
    expect(final.content).toMatchObject([{ type: "text", text: "One body." }]);
    expect(final.usage).toMatchObject({ input_tokens: 11, output_tokens: 3 });
    // $1 / $2 per 1M tokens: 11 + 6 micro-dollars.
    const after = await h.balance(tenantId);
    expect(before.balance - after.balance).toBe(17n);
  });
});
