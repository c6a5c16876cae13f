// A streamed function call, as the Agents SDK and Codex-style tools consume it: the call's
// output item, its argument deltas and done events, and the whole call in response.completed,
// whether the channel streams the Responses API itself or chat chunks Relay translates.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "../../testing/harness.ts";
import { MODELS, priceOf, startResponsesHarness } from "./fixture.ts";

let h: Harness;

beforeAll(async () => {
  h = await startResponsesHarness();
});
afterAll(async () => {
  await h.close();
});

const weather = {
  type: "function" as const,
  name: "get_weather",
  description: "Current weather for a city",
  parameters: {
    type: "object",
    properties: { location: { type: "string" } },
    required: ["location"],
    additionalProperties: false,
  },
  strict: true,
};

describe.each([
  ["an OpenAI channel", MODELS.native],
  ["an OpenAI-compatible channel", MODELS.chat],
  ["an Anthropic channel", MODELS.claude],
])("a streamed function call on %s", (_name, model) => {
  it("streams the call's events and ends with it in the response, charged exactly", async () => {
    const { tenantId, key } = await h.tenant();
    const before = await h.balance(tenantId);
    const stream = await h.client(key).responses.create({
      model,
      input: "What is the weather in Paris?",
      tools: [weather],
      stream: true,
    });
    const types: string[] = [];
    let args = "";
    let done: string | undefined;
    let added: { type: string; name?: string } | undefined;
    let completed: unknown;
    let usage: { input_tokens: number; output_tokens: number } | null | undefined;
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === "response.output_item.added" && event.item.type === "function_call") {
        added = event.item;
      }
      if (event.type === "response.function_call_arguments.delta") args += event.delta;
      if (event.type === "response.function_call_arguments.done") done = event.arguments;
      if (event.type === "response.completed") {
        completed = event.response.output;
        usage = event.response.usage;
      }
    }
    expect(added).toMatchObject({ type: "function_call", name: "get_weather" });
    expect(done).toBe(args);
    expect(JSON.parse(args)).toHaveProperty("location");
    expect(types.at(-1)).toBe("response.completed");
    expect(completed).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: "function_call", name: "get_weather", arguments: args }),
      ]),
    );
    const after = await h.balance(tenantId);
    expect(before.balance - after.balance).toBe(priceOf(usage));
  });
});
