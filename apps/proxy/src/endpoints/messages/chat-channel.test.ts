// Anthropic's Messages API served by an OpenAI-style channel: the request is sent as a chat
// completion, the answer and its stream come back as Anthropic's message and event sequence,
// and the balance moves by exactly the chat usage the upstream reported.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, miniPrice, startHarness } from "../../testing/harness.ts";
import { anthropic, type MessageUsage, weatherTool } from "./test-setup.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

/** gpt-4o-mini's seeded price, from the message's usage back in chat terms. */
const price = (usage: MessageUsage) =>
  miniPrice({
    prompt_tokens: usage.input_tokens + (usage.cache_read_input_tokens ?? 0),
    completion_tokens: usage.output_tokens,
  });

describe("POST /v1/messages on an OpenAI-style channel", () => {
  it("messages.create: sent as a chat completion, answered as an Anthropic message, charged exactly", async () => {
    const { tenantId, key } = await h.tenant();
    const before = await h.balance(tenantId);
    const sampling: object = { temperature: 0.5, top_p: 0.9 };
    const message = await anthropic(h, key).messages.create({
      model: "gpt-4o-mini",
      max_tokens: 64,
      system: [{ type: "text", text: "Be brief." }],
      messages: [{ role: "user", content: "Tell me about rivers." }],
      stop_sequences: ["\n\n\n"],
      metadata: { user_id: "user-7" },
      // Sampling parameters this SDK version no longer types, which older clients still send.
      ...sampling,
    });

    const sent = h.sim.requests.at(-1);
    expect(sent?.path).toBe("/v1/chat/completions");
    expect(sent?.body).toEqual({
      model: "gpt-4o-mini",
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "Tell me about rivers." },
      ],
      max_tokens: 64,
      temperature: 0.5,
      top_p: 0.9,
      stop: ["\n\n\n"],
      user: "user-7",
    });
    expect(message).toMatchObject({
      type: "message",
      role: "assistant",
      model: "gpt-4o-mini",
      stop_sequence: null,
    });
    expect(message.id).toMatch(/^msg_/);
    expect(["end_turn", "max_tokens"]).toContain(message.stop_reason);
    expect(message.content[0]?.type).toBe("text");
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    const after = await h.balance(tenantId);
    expect(before.balance - after.balance).toBe(price(message.usage));
    expect(after.held).toBe(0n);
  });

  it("tools both ways: tool_use from the chat tool call, the tool_result sent as a tool message", async () => {
    const { key } = await h.tenant();
    const client = anthropic(h, key);
    const question = { role: "user" as const, content: "What's the weather in Oslo?" };
    const first = await client.messages.create({
      model: "gpt-4o-mini",
      max_tokens: 256,
      tools: [weatherTool],
      tool_choice: { type: "auto", disable_parallel_tool_use: true },
      messages: [question],
    });
    expect(first.stop_reason).toBe("tool_use");
    const call = first.content.find((block) => block.type === "tool_use");
    if (call?.type !== "tool_use") throw new Error("no tool call");
    expect(call).toMatchObject({ name: "get_weather", input: { location: "Oslo" } });
    expect(h.sim.requests.at(-1)?.body).toMatchObject({
      tools: [
        {
          type: "function",
          function: {
            name: "get_weather",
            description: weatherTool.description,
            parameters: weatherTool.input_schema,
          },
        },
      ],
      tool_choice: "auto",
      parallel_tool_calls: false,
    });

    const second = await client.messages.create({
      model: "gpt-4o-mini",
      max_tokens: 256,
      tools: [weatherTool],
      messages: [
        question,
        { role: "assistant", content: first.content },
        {
          role: "user",
          content: [
            { type: "tool_result", tool_use_id: call.id, content: "12°C, rain" },
            { type: "text", text: "Thanks." },
          ],
        },
      ],
    });
    expect(second.stop_reason).toBe("end_turn");
    expect(h.sim.requests.at(-1)?.body).toMatchObject({
      messages: [
        { role: "user", content: "What's the weather in Oslo?" },
        {
          role: "assistant",
          content: null,
          tool_calls: [
            {
              id: call.id,
              type: "function",
              function: { name: "get_weather", arguments: JSON.stringify(call.input) },
            },
          ],
        },
        { role: "tool", tool_call_id: call.id, content: "12°C, rain" },
        { role: "user", content: "Thanks." },
      ],
    });
  });

  it("messages.stream: Anthropic's event sequence, the same text, usage at the end, charged exactly", async () => {
    const { tenantId, key } = await h.tenant();
    const client = anthropic(h, key);
    const request = {
      model: "gpt-4o-mini",
      max_tokens: 64,
      messages: [{ role: "user" as const, content: "Stream about rivers." }],
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

    expect(h.sim.requests.at(-1)?.body).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(text).toBe(whole.content[0]?.type === "text" ? whole.content[0].text : "");
    expect(events[0]).toBe("message_start");
    expect(events[1]).toBe("content_block_start");
    expect(events.slice(-4)).toEqual([
      "content_block_delta",
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
    expect(final.usage).toMatchObject({
      input_tokens: whole.usage.input_tokens,
      output_tokens: whole.usage.output_tokens,
    });
    const after = await h.balance(tenantId);
    expect(before.balance - after.balance).toBe(price(final.usage));
  });

  it("messages.stream with a tool: the call's arguments arrive as input_json_delta", async () => {
    const { tenantId, key } = await h.tenant();
    const before = await h.balance(tenantId);
    const deltas: string[] = [];
    const stream = anthropic(h, key).messages.stream({
      model: "gpt-4o-mini",
      max_tokens: 256,
      tools: [weatherTool],
      tool_choice: { type: "tool", name: "get_weather" },
      messages: [{ role: "user", content: "Weather in Lima, please." }],
    });
    stream.on("inputJson", (partial) => deltas.push(partial));
    const final = await stream.finalMessage();

    expect(final.stop_reason).toBe("tool_use");
    expect(final.content).toHaveLength(1);
    const call = final.content[0];
    expect(call?.type === "tool_use" && call.input).toEqual({ location: "Lima" });
    expect(deltas.join("")).toBe(JSON.stringify({ location: "Lima" }));
    const after = await h.balance(tenantId);
    expect(before.balance - after.balance).toBe(price(final.usage));
  });
});
