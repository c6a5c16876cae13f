// Anthropic's Messages API served by an Anthropic channel: the client's body goes upstream as it
// is (model mapped, the channel's own key), the answer and its events come back unchanged, and
// the balance moves by exactly the upstream's usage, cache reads at the cached price.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "../../testing/harness.ts";
import { addClaude, anthropic, CLAUDE, claudePrice, weatherTool } from "./test-setup.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  await addClaude(h);
});
afterAll(async () => {
  await h.close();
});

describe("POST /v1/messages on an Anthropic channel", () => {
  it("messages.create with a tool: forwarded as sent, answered as Anthropic answered, charged exactly", async () => {
    const { tenantId, key } = await h.tenant();
    const before = await h.balance(tenantId);
    const request = {
      model: CLAUDE,
      max_tokens: 256,
      system: "You check the weather.",
      tools: [weatherTool],
      messages: [{ role: "user" as const, content: "What's the weather in Oslo?" }],
      metadata: { user_id: "user-7" },
    };
    const message = await anthropic(h, key).messages.create(request, {
      headers: { "anthropic-beta": "fine-grained-tool-streaming-2025-05-14" },
    });

    expect(message.type).toBe("message");
    expect(message.stop_reason).toBe("tool_use");
    const call = message.content.find((block) => block.type === "tool_use");
    expect(call).toMatchObject({ type: "tool_use", name: "get_weather" });
    expect(call?.type === "tool_use" && call.input).toMatchObject({ location: "Oslo" });

    const sent = h.sim.requests.at(-1);
    expect(sent?.path).toBe("/v1/messages");
    expect(sent?.headers["x-api-key"]).toBe("sk-ant-upstream");
    expect(sent?.headers["anthropic-version"]).toBe("2023-06-01");
    expect(sent?.headers["anthropic-beta"]).toBe("fine-grained-tool-streaming-2025-05-14");
    expect(sent?.body).toEqual({ ...request, model: "claude-sonnet-4-5" });

    const after = await h.balance(tenantId);
    expect(before.balance - after.balance).toBe(claudePrice(message.usage));
    expect(after.held).toBe(0n);
  });

  it("the beta client Claude Code uses (/v1/messages?beta=true) is served the same", async () => {
    const { tenantId, key } = await h.tenant();
    const before = await h.balance(tenantId);
    const message = await anthropic(h, key).beta.messages.create({
      model: CLAUDE,
      max_tokens: 32,
      betas: ["interleaved-thinking-2025-05-14"],
      messages: [{ role: "user", content: "hello" }],
    });
    expect(h.sim.requests.at(-1)?.headers["anthropic-beta"]).toBe(
      "interleaved-thinking-2025-05-14",
    );
    const counted = await anthropic(h, key).beta.messages.countTokens({
      model: CLAUDE,
      messages: [{ role: "user", content: "hello" }],
    });
    expect(counted.input_tokens).toBeGreaterThan(0);
    const after = await h.balance(tenantId);
    expect(before.balance - after.balance).toBe(claudePrice(message.usage));
  });

  it("answers the tool result in words", async () => {
    const { key } = await h.tenant();
    const client = anthropic(h, key);
    const question = { role: "user" as const, content: "What's the weather in Oslo?" };
    const first = await client.messages.create({
      model: CLAUDE,
      max_tokens: 256,
      tools: [weatherTool],
      messages: [question],
    });
    const call = first.content.find((block) => block.type === "tool_use");
    if (call?.type !== "tool_use") throw new Error("no tool call");
    const second = await client.messages.create({
      model: CLAUDE,
      max_tokens: 256,
      tools: [weatherTool],
      messages: [
        question,
        { role: "assistant", content: first.content },
        {
          role: "user",
          content: [{ type: "tool_result", tool_use_id: call.id, content: "12°C, rain" }],
        },
      ],
    });
    expect(second.stop_reason).toBe("end_turn");
    expect(second.content[0]?.type).toBe("text");
  });

  it("messages.stream: Anthropic's events relayed unchanged, the same text, charged exactly", async () => {
    const { tenantId, key } = await h.tenant();
    const client = anthropic(h, key);
    const request = {
      model: CLAUDE,
      max_tokens: 64,
      messages: [{ role: "user" as const, content: "Tell me about rivers." }],
    };
    const whole = await client.messages.create(request);
    const before = await h.balance(tenantId);
    const events: string[] = [];
    let text = "";
    const stream = client.messages.stream(request);
    stream.on("streamEvent", (event) => events.push(event.type));
    stream.on("text", (delta) => {
      text += delta;
    });
    const final = await stream.finalMessage();

    expect(text).toBe(whole.content[0]?.type === "text" ? whole.content[0].text : "");
    expect(events[0]).toBe("message_start");
    expect(events.slice(-2)).toEqual(["message_delta", "message_stop"]);
    expect(final.usage.input_tokens).toBe(whole.usage.input_tokens);
    const after = await h.balance(tenantId);
    expect(before.balance - after.balance).toBe(claudePrice(final.usage));
  });

  it("messages.stream with a tool: input_json_delta assembles the call's input", async () => {
    const { tenantId, key } = await h.tenant();
    const before = await h.balance(tenantId);
    const final = await anthropic(h, key)
      .messages.stream({
        model: CLAUDE,
        max_tokens: 256,
        tools: [weatherTool],
        tool_choice: { type: "tool", name: "get_weather" },
        messages: [{ role: "user", content: "Weather in Lima, please." }],
      })
      .finalMessage();
    expect(final.stop_reason).toBe("tool_use");
    const call = final.content.find((block) => block.type === "tool_use");
    expect(call?.type === "tool_use" && call.input).toMatchObject({ location: "Lima" });
    const after = await h.balance(tenantId);
    expect(before.balance - after.balance).toBe(claudePrice(final.usage));
  });

  it("prompt caching: the write at the input price, the read at the cached price", async () => {
    const { tenantId, key } = await h.tenant();
    const client = anthropic(h, key);
    const manual = `Relay's manual, page ${tenantId}. `.repeat(150);
    const ask = (question: string) =>
      client.messages.create({
        model: CLAUDE,
        max_tokens: 64,
        system: [{ type: "text", text: manual, cache_control: { type: "ephemeral" } }],
        messages: [{ role: "user", content: question }],
      });

    const b0 = await h.balance(tenantId);
    const write = await ask("First question?");
    const b1 = await h.balance(tenantId);
    const read = await ask("Second question?");
    const b2 = await h.balance(tenantId);

    expect(write.usage.cache_creation_input_tokens).toBeGreaterThan(500);
    expect(read.usage.cache_read_input_tokens).toBe(write.usage.cache_creation_input_tokens);
    expect(b0.balance - b1.balance).toBe(claudePrice(write.usage));
    expect(b1.balance - b2.balance).toBe(claudePrice(read.usage));
    // The read is cheaper by what caching saves on the same prompt.
    expect(b1.balance - b2.balance).toBeLessThan(b0.balance - b1.balance);
  });
});
