// A Responses API body as the chat completion a chat-only channel is sent.
import { describe, expect, it } from "vitest";
import { OpenAIError } from "../../http/openai-error.ts";
import { toChatRequest } from "./request.ts";

const weather = {
  type: "function",
  name: "get_weather",
  description: "Weather",
  parameters: { type: "object", properties: {} },
  strict: true,
};

describe("toChatRequest", () => {
  it("maps instructions, messages, function calls and their outputs, tools and options", () => {
    const chat = toChatRequest({
      model: "m",
      instructions: "Be brief.",
      input: [
        { role: "developer", content: "Use metric units." },
        { type: "message", role: "user", content: [{ type: "input_text", text: "Weather?" }] },
        { type: "reasoning", id: "rs_1", summary: [] },
        { type: "function_call", call_id: "c1", name: "get_weather", arguments: "{}" },
        { type: "function_call", call_id: "c2", name: "get_weather", arguments: '{"a":1}' },
        { type: "function_call_output", call_id: "c1", output: "sunny" },
        { type: "function_call_output", call_id: "c2", output: "rain" },
      ],
      tools: [weather],
      tool_choice: { type: "function", name: "get_weather" },
      parallel_tool_calls: false,
      text: {
        format: { type: "json_schema", name: "w", schema: { type: "object" }, strict: true },
      },
      reasoning: { effort: "low" },
      max_output_tokens: 64,
      temperature: 0.5,
      store: true,
      stream: true,
    });
    expect(chat).toEqual({
      model: "m",
      messages: [
        { role: "system", content: "Be brief." },
        { role: "system", content: "Use metric units." },
        { role: "user", content: [{ type: "text", text: "Weather?" }] },
        {
          role: "assistant",
          content: null,
          tool_calls: [
            { id: "c1", type: "function", function: { name: "get_weather", arguments: "{}" } },
            { id: "c2", type: "function", function: { name: "get_weather", arguments: '{"a":1}' } },
          ],
        },
        { role: "tool", tool_call_id: "c1", content: "sunny" },
        { role: "tool", tool_call_id: "c2", content: "rain" },
      ],
      tools: [
        {
          type: "function",
          function: {
            name: "get_weather",
            description: "Weather",
            parameters: { type: "object", properties: {} },
            strict: true,
          },
        },
      ],
      tool_choice: { type: "function", function: { name: "get_weather" } },
      parallel_tool_calls: false,
      response_format: {
        type: "json_schema",
        json_schema: { name: "w", schema: { type: "object" }, strict: true },
      },
      reasoning_effort: "low",
      max_tokens: 64,
      temperature: 0.5,
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it("joins an assistant turn's text parts and replays the history before the input", () => {
    const chat = toChatRequest({ model: "m", input: "And then?" }, [
      { type: "message", role: "user", content: "Once" },
      {
        type: "message",
        role: "assistant",
        content: [
          { type: "output_text", text: "upon ", annotations: [] },
          { type: "output_text", text: "a time", annotations: [] },
        ],
      },
    ]);
    expect(chat.messages).toEqual([
      { role: "user", content: "Once" },
      { role: "assistant", content: "upon a time" },
      { role: "user", content: "And then?" },
    ]);
  });

  it.each([
    [{ tools: [{ type: "web_search_preview" }] }, "tools[0]"],
    [{ input: [{ type: "item_reference", id: "msg_1" }] }, "input[0]"],
    [
      { input: [{ role: "user", content: [{ type: "input_file", file_id: "f" }] }] },
      "input[0].content[0]",
    ],
    [{ text: { format: { type: "grammar" } } }, "text.format"],
  ])("refuses what chat cannot express: %j", (body, param) => {
    const attempt = () => toChatRequest({ model: "m", input: "x", ...body });
    expect(attempt).toThrow(OpenAIError);
    try {
      attempt();
    } catch (error) {
      expect(error).toMatchObject({ status: 400, param, code: "unsupported_value" });
    }
  });
});
