import { describe, expect, it } from "vitest";
import { countChatPromptTokens, countToolTokens } from "./chat.ts";
import { countTextTokens, EXACT_PROMPT_CHARS } from "./encoding.ts";

// The example of OpenAI's cookbook "How to count tokens with tiktoken", whose prompt_tokens the
// API reports as 129 on gpt-3.5-turbo / gpt-4 and 124 on gpt-4o / gpt-4o-mini.
const cookbook = [
  {
    role: "system",
    content:
      "You are a helpful, pattern-following assistant that translates corporate jargon into plain English.",
  },
  {
    role: "system",
    name: "example_user",
    content: "New synergies will help drive top-line growth.",
  },
  {
    role: "system",
    name: "example_assistant",
    content: "Things working well together will increase revenue.",
  },
  {
    role: "system",
    name: "example_user",
    content:
      "Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage.",
  },
  {
    role: "system",
    name: "example_assistant",
    content: "Let's talk later when we're less busy about how to do better.",
  },
  {
    role: "user",
    content:
      "This late pivot means we don't have time to boil the ocean for the client deliverable.",
  },
];

describe("countChatPromptTokens", () => {
  it.each([
    ["gpt-3.5-turbo", 129],
    ["gpt-4-0613", 129],
    ["gpt-4o", 124],
    ["gpt-4o-mini", 124],
  ])("matches the cookbook example on %s: %d", (model, tokens) => {
    expect(countChatPromptTokens(cookbook, model)).toBe(tokens);
  });

  it("counts a two-message conversation: 3 per message + role + content, 3 to prime the reply", () => {
    const messages = [
      { role: "system", content: "You are a helpful assistant." }, // 3 + 1 + 6
      { role: "user", content: "Hello!" }, // 3 + 1 + 2
    ];
    expect(countChatPromptTokens(messages, "gpt-4o")).toBe(19);
  });

  it("counts text parts as text, and each image as a flat 765", () => {
    const asString = countChatPromptTokens(
      [{ role: "user", content: "What is in this image?" }],
      "gpt-4o",
    );
    const asParts = countChatPromptTokens(
      [
        {
          role: "user",
          content: [
            { type: "text", text: "What is in this image?" },
            { type: "image_url", image_url: { url: "https://example.com/a.png", detail: "high" } },
            { type: "image_url", image_url: { url: "data:image/png;base64,AAAA" } },
          ],
        },
      ],
      "gpt-4o",
    );
    expect(asParts).toBe(asString + 2 * 765);
  });

  it("counts tool calls and tool results, and skips null content", () => {
    const call = {
      id: "call_1",
      type: "function",
      function: { name: "get_weather", arguments: '{"city":"Paris"}' },
    };
    const tokens = countChatPromptTokens(
      [
        { role: "assistant", content: null, tool_calls: [call] },
        { role: "tool", tool_call_id: "call_1", content: "18C, sunny" },
      ],
      "gpt-4o",
    );
    const expected =
      3 +
      1 +
      countTextTokens(JSON.stringify([call]), "gpt-4o") +
      3 +
      1 +
      countTextTokens("call_1", "gpt-4o") +
      countTextTokens("18C, sunny", "gpt-4o") +
      3;
    expect(tokens).toBe(expected);
  });

  it("holds only the reply priming for no messages", () => {
    expect(countChatPromptTokens([], "gpt-4o")).toBe(3);
  });
});

describe("countToolTokens", () => {
  it("counts the JSON of the definitions", () => {
    const tools = [
      {
        type: "function",
        function: {
          name: "get_weather",
          description: "Current weather for a city",
          parameters: {
            type: "object",
            properties: { city: { type: "string" } },
            required: ["city"],
          },
        },
      },
    ];
    expect(countToolTokens(tools)).toBe(countTextTokens(JSON.stringify(tools), "gpt-4o"));
    expect(countToolTokens(tools)).toBeGreaterThan(20);
    expect(countToolTokens([])).toBe(0);
  });
});

describe("huge prompts", () => {
  it("share one exact budget across messages; past it the hold is bounded by bytes", () => {
    const big = "lorem ipsum dolor sit amet ".repeat(11_112).slice(0, 300_000);
    const messages = [
      { role: "user", content: big },
      { role: "user", content: big },
    ];
    // The first message is counted whole; the second until the budget is spent.
    const left = EXACT_PROMPT_CHARS - 4 - big.length - 4;
    const expected =
      3 +
      2 * 3 +
      2 * countTextTokens("user", "gpt-4o") +
      countTextTokens(big, "gpt-4o") +
      countTextTokens(big.slice(0, left), "gpt-4o") +
      Buffer.byteLength(big.slice(left), "utf8");
    expect(countChatPromptTokens(messages, "gpt-4o")).toBe(expected);
    expect(expected).toBeGreaterThan(3 + 2 * 3 + 2 * countTextTokens(big, "gpt-4o"));
  });
});
