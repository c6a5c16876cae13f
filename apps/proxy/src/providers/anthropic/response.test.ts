import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { OpenAIError } from "../../http/openai-error.ts";
import { fromAnthropicError, fromAnthropicResponse } from "./response.ts";

const NOW = new Date("2025-06-01T12:00:00Z");

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(NOW);
});
afterEach(() => {
  vi.useRealTimers();
});

function message(fields: Record<string, unknown>) {
  return {
    id: "msg_01XFDUDYJgAACzvnptvVoYEL",
    type: "message",
    role: "assistant",
    model: "claude-sonnet-4-5-20250929",
    content: [{ type: "text", text: "Hello!" }],
    stop_reason: "end_turn",
    stop_sequence: null,
    usage: { input_tokens: 12, output_tokens: 6 },
    ...fields,
  };
}

describe("fromAnthropicResponse", () => {
  it("builds an OpenAI chat.completion", () => {
    expect(fromAnthropicResponse(message({}), "relay-claude")).toEqual({
      id: "chatcmpl-msg_01XFDUDYJgAACzvnptvVoYEL",
      object: "chat.completion",
      created: NOW.getTime() / 1000,
      model: "relay-claude",
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: "Hello!", refusal: null },
          logprobs: null,
          finish_reason: "stop",
        },
      ],
      usage: {
        prompt_tokens: 12,
        completion_tokens: 6,
        total_tokens: 18,
        prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
        completion_tokens_details: {
          reasoning_tokens: 0,
          audio_tokens: 0,
          accepted_prediction_tokens: 0,
          rejected_prediction_tokens: 0,
        },
      },
    });
  });

  it.each([
    ["end_turn", "stop"],
    ["stop_sequence", "stop"],
    ["max_tokens", "length"],
    ["tool_use", "tool_calls"],
    ["refusal", "content_filter"],
  ])("maps stop_reason %s to finish_reason %s", (stopReason, finish) => {
    const completion = fromAnthropicResponse(message({ stop_reason: stopReason }), "m");
    expect(completion.choices).toMatchObject([{ finish_reason: finish }]);
  });

  it("concatenates text blocks and turns tool_use blocks into tool_calls", () => {
    const completion = fromAnthropicResponse(
      message({
        content: [
          { type: "thinking", thinking: "The user wants weather.", signature: "sig" },
          { type: "text", text: "Let me check " },
          { type: "text", text: "both cities." },
          { type: "tool_use", id: "toolu_01A", name: "get_weather", input: { location: "Oslo" } },
          { type: "tool_use", id: "toolu_01B", name: "now", input: {} },
        ],
        stop_reason: "tool_use",
      }),
      "m",
    );
    expect(completion.choices).toEqual([
      {
        index: 0,
        message: {
          role: "assistant",
          content: "Let me check both cities.",
          refusal: null,
          tool_calls: [
            {
              id: "toolu_01A",
              type: "function",
              function: { name: "get_weather", arguments: '{"location":"Oslo"}' },
            },
            { id: "toolu_01B", type: "function", function: { name: "now", arguments: "{}" } },
          ],
        },
        logprobs: null,
        finish_reason: "tool_calls",
      },
    ]);
  });

  it("gives null content to a pure tool call, as OpenAI does", () => {
    const completion = fromAnthropicResponse(
      message({
        content: [{ type: "tool_use", id: "toolu_01A", name: "now", input: {} }],
        stop_reason: "tool_use",
      }),
      "m",
    );
    expect(completion.choices).toMatchObject([{ message: { content: null } }]);
  });

  it("counts cached prompt tokens as prompt tokens and names the cache reads", () => {
    const completion = fromAnthropicResponse(
      message({
        usage: {
          input_tokens: 10,
          cache_creation_input_tokens: 200,
          cache_read_input_tokens: 1000,
          output_tokens: 50,
        },
      }),
      "m",
    );
    expect(completion.usage).toMatchObject({
      prompt_tokens: 1210,
      completion_tokens: 50,
      total_tokens: 1260,
      prompt_tokens_details: { cached_tokens: 1000 },
    });
  });

  it("refuses an answer that is not a message with a 502", () => {
    expect(() => fromAnthropicResponse({ type: "error" }, "m")).toThrow(
      expect.objectContaining({ status: 502, type: "server_error" }),
    );
  });
});

describe("fromAnthropicError", () => {
  const anthropicError = (type: string, message: string) => ({
    type: "error",
    error: { type, message },
    request_id: "req_011CSHoEeqs5C35K2UUqR7Fy",
  });

  it.each([
    [400, "invalid_request_error", 400, "invalid_request_error", null],
    [401, "authentication_error", 502, "server_error", "upstream_authentication_error"],
    [403, "permission_error", 502, "server_error", "upstream_permission_error"],
    [404, "not_found_error", 404, "invalid_request_error", null],
    [413, "request_too_large", 413, "invalid_request_error", "request_too_large"],
    [429, "rate_limit_error", 429, "rate_limit_error", "rate_limit_exceeded"],
    [500, "api_error", 500, "server_error", null],
    [529, "overloaded_error", 503, "server_error", "service_unavailable"],
  ])("maps HTTP %i %s to %i %s", (status, type, wantStatus, wantType, code) => {
    const error = fromAnthropicError(status, anthropicError(type, "Something went wrong"));
    expect(error).toBeInstanceOf(OpenAIError);
    expect(error.status).toBe(wantStatus);
    expect(error.toJSON()).toEqual({
      error: { message: "Something went wrong", type: wantType, param: null, code },
    });
  });

  it("keeps Anthropic's message for an invalid request", () => {
    const error = fromAnthropicError(
      400,
      anthropicError("invalid_request_error", "max_tokens: Field required"),
    );
    expect(error.message).toBe("max_tokens: Field required");
  });

  it("falls back on the status when the body is not Anthropic's shape", () => {
    expect(fromAnthropicError(529, "<html>overloaded</html>")).toMatchObject({
      status: 503,
      type: "server_error",
      message: "The upstream provider answered HTTP 529.",
    });
    expect(fromAnthropicError(422, { detail: "nope" })).toMatchObject({
      status: 422,
      type: "invalid_request_error",
    });
  });
});
