// The sim's Responses API through the official openai client: whole and streamed answers with
// their usage (reasoning tokens inside output_tokens), function calls, previous_response_id, and
// retrieve, input_items and delete of what it stored.
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startUpstreamSim, type UpstreamSim } from "../server.ts";

let sim: UpstreamSim;
let client: OpenAI;

beforeAll(async () => {
  sim = await startUpstreamSim();
  client = new OpenAI({ apiKey: "sk-sim", baseURL: sim.url, maxRetries: 0 });
});
afterAll(() => sim.close());

const weather = {
  type: "function" as const,
  name: "get_weather",
  description: "Current weather",
  parameters: {
    type: "object",
    properties: { location: { type: "string" } },
    required: ["location"],
    additionalProperties: false,
  },
  strict: true,
};

describe("POST /v1/responses", () => {
  it("answers deterministically with usage, reasoning tokens counted in the output", async () => {
    const body = {
      model: "o4-mini",
      input: "Tell me about rivers.",
      reasoning: { effort: "low" as const },
    };
    const first = await client.responses.create(body);
    const second = await client.responses.create(body);
    expect(first.output_text).toBe(second.output_text);
    expect(first.output.map((item) => item.type)).toEqual(["reasoning", "message"]);
    expect(first.usage?.output_tokens_details.reasoning_tokens).toBe(32);
    expect(first.usage?.output_tokens).toBeGreaterThan(32);
    expect(first.usage?.total_tokens).toBe(
      (first.usage?.input_tokens ?? 0) + (first.usage?.output_tokens ?? 0),
    );
  });

  it("streams named events without [DONE], the text matching the whole answer", async () => {
    const whole = await client.responses.create({ model: "gpt-4o-mini", input: "Hello there" });
    const stream = await client.responses.create({
      model: "gpt-4o-mini",
      input: "Hello there",
      stream: true,
    });
    let text = "";
    const types: string[] = [];
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === "response.output_text.delta") text += event.delta;
    }
    expect(text).toBe(whole.output_text);
    expect(types[0]).toBe("response.created");
    expect(types.at(-1)).toBe("response.completed");
    const raw = await fetch(`${sim.url}/responses`, {
      method: "POST",
      headers: { authorization: "Bearer sk", "content-type": "application/json" },
      body: JSON.stringify({ model: "gpt-4o-mini", input: "Hi", stream: true }),
    });
    const frames = await raw.text();
    expect(frames.startsWith("event: response.created\ndata: {")).toBe(true);
    expect(frames).not.toContain("[DONE]");
  });

  it("calls a function, then answers its output through previous_response_id", async () => {
    const call = await client.responses.create({
      model: "gpt-4o-mini",
      input: "What is the weather in Paris?",
      tools: [weather],
    });
    const fn = call.output.find((item) => item.type === "function_call");
    expect(fn).toMatchObject({ type: "function_call", name: "get_weather" });
    if (fn?.type !== "function_call") throw new Error("no function call");
    const answer = await client.responses.create({
      model: "gpt-4o-mini",
      previous_response_id: call.id,
      input: [{ type: "function_call_output", call_id: fn.call_id, output: '{"temp":21}' }],
      tools: [weather],
    });
    expect(answer.output_text.length).toBeGreaterThan(0);
    // The stored conversation is carried over: the follow-up's prompt is longer than its input.
    expect(answer.usage?.input_tokens).toBeGreaterThan(call.usage?.input_tokens ?? 0);
  });

  it("retrieves, lists the input of and deletes a stored response; an unknown id is a 404", async () => {
    const made = await client.responses.create({ model: "gpt-4o-mini", input: "Remember me" });
    expect((await client.responses.retrieve(made.id)).output_text).toBe(made.output_text);
    const items = await client.responses.inputItems.list(made.id);
    expect(items.data).toMatchObject([{ type: "message", role: "user", content: "Remember me" }]);
    await client.responses.delete(made.id);
    await expect(client.responses.retrieve(made.id)).rejects.toMatchObject({ status: 404 });
    const unstored = await client.responses.create({
      model: "gpt-4o-mini",
      input: "Forget me",
      store: false,
    });
    await expect(client.responses.retrieve(unstored.id)).rejects.toMatchObject({ status: 404 });
  });
});
