import { describe, expect, it } from "vitest";
import { OpenAIError } from "../../http/openai-error.ts";
import { toAnthropicRequest, UnsupportedParameterError } from "./request.ts";

const MODEL = "claude-sonnet-4-5-20250929";
const hi = { role: "user", content: "Hi" };

const weatherFunction = {
  name: "get_weather",
  description: "Current weather",
  parameters: { type: "object", properties: { location: { type: "string" } } },
};

interface Case {
  name: string;
  body: Record<string, unknown>;
  /** The fields of the Anthropic body this case is about. */
  expected: Record<string, unknown>;
}

const cases: Case[] = [
  {
    name: "a plain chat: model replaced, max_tokens defaulted",
    body: { model: "relay-claude", messages: [hi] },
    expected: { model: MODEL, max_tokens: 4096, messages: [{ role: "user", content: "Hi" }] },
  },
  {
    name: "max_tokens kept",
    body: { messages: [hi], max_tokens: 300 },
    expected: { max_tokens: 300 },
  },
  {
    name: "max_completion_tokens wins over max_tokens",
    body: { messages: [hi], max_tokens: 300, max_completion_tokens: 50 },
    expected: { max_tokens: 50 },
  },
  {
    name: "one system message becomes the system string",
    body: { messages: [{ role: "system", content: "Be terse." }, hi] },
    expected: { system: "Be terse.", messages: [{ role: "user", content: "Hi" }] },
  },
  {
    name: "system and developer messages, strings or parts, anywhere, become system blocks",
    body: {
      messages: [
        { role: "system", content: [{ type: "text", text: "Be terse." }] },
        hi,
        { role: "developer", content: "Answer in French." },
      ],
    },
    expected: {
      system: [
        { type: "text", text: "Be terse." },
        { type: "text", text: "Answer in French." },
      ],
      messages: [{ role: "user", content: "Hi" }],
    },
  },
  {
    name: "consecutive same-role messages merge into one turn",
    body: {
      messages: [
        { role: "user", content: "One." },
        { role: "user", content: [{ type: "text", text: "Two." }] },
        { role: "assistant", content: "Three." },
        { role: "assistant", content: "Four." },
      ],
    },
    expected: {
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "One." },
            { type: "text", text: "Two." },
          ],
        },
        {
          role: "assistant",
          content: [
            { type: "text", text: "Three." },
            { type: "text", text: "Four." },
          ],
        },
      ],
    },
  },
  {
    name: "images: data URLs become base64 sources, http(s) URLs url sources",
    body: {
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "Compare." },
            { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } },
            { type: "image_url", image_url: { url: "https://example.com/cat.jpg", detail: "low" } },
          ],
        },
      ],
    },
    expected: {
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "Compare." },
            {
              type: "image",
              source: { type: "base64", media_type: "image/png", data: "iVBORw0KGgo=" },
            },
            { type: "image", source: { type: "url", url: "https://example.com/cat.jpg" } },
          ],
        },
      ],
    },
  },
  {
    name: "temperature is clamped to Anthropic's 0..1",
    body: { messages: [hi], temperature: 1.7 },
    expected: { temperature: 1 },
  },
  {
    name: "temperature within range is kept, top_p passes through",
    body: { messages: [hi], temperature: 0.3, top_p: 0.9 },
    expected: { temperature: 0.3, top_p: 0.9 },
  },
  {
    name: "a stop string becomes stop_sequences",
    body: { messages: [hi], stop: "END" },
    expected: { stop_sequences: ["END"] },
  },
  {
    name: "a stop array becomes stop_sequences, blank entries dropped",
    body: { messages: [hi], stop: ["\n\nHuman:", "", "STOP"] },
    expected: { stop_sequences: ["\n\nHuman:", "STOP"] },
  },
  {
    name: "stream and user",
    body: { messages: [hi], stream: true, stream_options: { include_usage: true }, user: "u-42" },
    expected: { stream: true, metadata: { user_id: "u-42" } },
  },
  {
    name: "n: 1 is fine",
    body: { messages: [hi], n: 1 },
    expected: { model: MODEL },
  },
  {
    name: "function tools become Anthropic tools; no choice sent means auto",
    body: {
      messages: [hi],
      tools: [
        { type: "function", function: weatherFunction },
        { type: "function", function: { name: "now" } },
      ],
    },
    expected: {
      tools: [
        {
          name: "get_weather",
          description: "Current weather",
          input_schema: weatherFunction.parameters,
        },
        { name: "now", input_schema: { type: "object", properties: {} } },
      ],
    },
  },
  ...(
    [
      ["auto", { type: "auto" }],
      ["none", { type: "none" }],
      ["required", { type: "any" }],
      [
        { type: "function", function: { name: "get_weather" } },
        { type: "tool", name: "get_weather" },
      ],
    ] as const
  ).map(
    ([choice, mapped]): Case => ({
      name: `tool_choice ${JSON.stringify(choice)}`,
      body: {
        messages: [hi],
        tools: [{ type: "function", function: weatherFunction }],
        tool_choice: choice,
      },
      expected: { tool_choice: mapped },
    }),
  ),
  {
    name: "parallel_tool_calls: false disables parallel tool use",
    body: {
      messages: [hi],
      tools: [{ type: "function", function: weatherFunction }],
      parallel_tool_calls: false,
    },
    expected: { tool_choice: { type: "auto", disable_parallel_tool_use: true } },
  },
  {
    name: "a tool-call round trip: tool_calls -> tool_use, tool messages -> one user turn of tool_results",
    body: {
      messages: [
        { role: "user", content: "Weather in Oslo and Lima?" },
        {
          role: "assistant",
          content: "Checking both.",
          tool_calls: [
            {
              id: "call_1",
              type: "function",
              function: { name: "get_weather", arguments: '{"location":"Oslo"}' },
            },
            {
              id: "call_2",
              type: "function",
              function: { name: "get_weather", arguments: '{"location":"Lima"}' },
            },
          ],
        },
        { role: "tool", tool_call_id: "call_1", content: '{"temp":3}' },
        { role: "tool", tool_call_id: "call_2", content: [{ type: "text", text: '{"temp":21}' }] },
        { role: "user", content: "Which is warmer?" },
      ],
    },
    expected: {
      messages: [
        { role: "user", content: "Weather in Oslo and Lima?" },
        {
          role: "assistant",
          content: [
            { type: "text", text: "Checking both." },
            { type: "tool_use", id: "call_1", name: "get_weather", input: { location: "Oslo" } },
            { type: "tool_use", id: "call_2", name: "get_weather", input: { location: "Lima" } },
          ],
        },
        {
          role: "user",
          content: [
            { type: "tool_result", tool_use_id: "call_1", content: '{"temp":3}' },
            {
              type: "tool_result",
              tool_use_id: "call_2",
              content: [{ type: "text", text: '{"temp":21}' }],
            },
            { type: "text", text: "Which is warmer?" },
          ],
        },
      ],
    },
  },
  {
    name: "an assistant turn with only tool calls and empty arguments",
    body: {
      messages: [
        hi,
        {
          role: "assistant",
          content: null,
          tool_calls: [
            { id: "call_9", type: "function", function: { name: "now", arguments: "" } },
          ],
        },
      ],
    },
    expected: {
      messages: [
        { role: "user", content: "Hi" },
        {
          role: "assistant",
          content: [{ type: "tool_use", id: "call_9", name: "now", input: {} }],
        },
      ],
    },
  },
];

describe("toAnthropicRequest", () => {
  it.each(cases)("$name", ({ body, expected }) => {
    const request = toAnthropicRequest({ model: "relay-claude", ...body }, MODEL);
    expect(request.path).toBe("/v1/messages");
    expect(request.body).toMatchObject(expected);
  });

  it("sends nothing Anthropic does not know", () => {
    const { body } = toAnthropicRequest(
      {
        model: "relay-claude",
        messages: [hi],
        stream: false,
        stream_options: null,
        n: 1,
        seed: 7,
        presence_penalty: 0,
        frequency_penalty: 0,
        logprobs: false,
        response_format: { type: "text" },
        tool_choice: "auto",
      },
      MODEL,
    );
    expect(body).toEqual({
      model: MODEL,
      max_tokens: 4096,
      messages: [{ role: "user", content: "Hi" }],
    });
  });

  it.each([
    ["n", { n: 2 }],
    ["logit_bias", { logit_bias: { "50256": -100 } }],
    ["logprobs", { logprobs: true }],
    ["top_logprobs", { top_logprobs: 3 }],
    ["response_format", { response_format: { type: "json_schema", json_schema: { name: "x" } } }],
    ["response_format", { response_format: { type: "json_object" } }],
    ["audio", { audio: { voice: "alloy", format: "mp3" }, modalities: ["text", "audio"] }],
    ["functions", { functions: [weatherFunction] }],
    ["tools[0].type", { tools: [{ type: "custom", custom: { name: "x" } }] }],
    [
      "messages[0].content[0].type",
      { messages: [{ role: "user", content: [{ type: "input_audio" }] }] },
    ],
  ])("refuses %s with an UnsupportedParameterError (400)", (param, extra) => {
    const call = () => toAnthropicRequest({ model: "m", messages: [hi], ...extra }, MODEL);
    expect(call).toThrow(UnsupportedParameterError);
    expect(call).toThrow(
      expect.objectContaining({
        status: 400,
        type: "invalid_request_error",
        param,
        code: "unsupported_parameter",
      }),
    );
  });

  it.each([
    [
      "messages[1].tool_calls[0].function.arguments",
      {
        role: "assistant",
        tool_calls: [
          { id: "c", type: "function", function: { name: "f", arguments: "{not json" } },
        ],
      },
    ],
    [
      "messages[1].content[0].image_url.url",
      { role: "user", content: [{ type: "image_url", image_url: { url: "ftp://x/y.png" } }] },
    ],
    ["messages[1].tool_call_id", { role: "tool", content: "orphan" }],
  ])("rejects a malformed %s with a 400", (param, message) => {
    const call = () => toAnthropicRequest({ model: "m", messages: [hi, message] }, MODEL);
    expect(call).toThrow(OpenAIError);
    expect(call).toThrow(expect.objectContaining({ status: 400, param }));
  });
});
