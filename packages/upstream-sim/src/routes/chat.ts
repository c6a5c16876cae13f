import { newId, SYSTEM_FINGERPRINT } from "../ids.ts";
import { locationHint, valueForSchema } from "../json-value.ts";
import { chatLogprobContent, logprobsFor } from "../logprobs.ts";
import { asBody } from "../params.ts";
import { createRandom, type Random } from "../random.ts";
import { nowSeconds, type Route } from "../route.ts";
import { roundRobin } from "../sse.ts";
import { applyStop, replyText } from "../text.ts";
import {
  countChatPromptTokens,
  countTokens,
  countToolDefinitionTokens,
  encodeText,
  type PromptMessage,
  tokenPieces,
  truncateToTokens,
} from "../tokens.ts";
import { chatUsage } from "../usage.ts";
import { type ChatRequest, parseChatRequest, type ToolDefinition } from "./chat-request.ts";

type FinishReason = "stop" | "length" | "tool_calls";

type ChoicePlan =
  | { kind: "text"; text: string; finishReason: FinishReason; tokens: number }
  | {
      kind: "tool_call";
      id: string;
      name: string;
      arguments: string;
      finishReason: FinishReason;
      tokens: number;
    };

function contentText(content: PromptMessage["content"]): string {
  if (content === undefined || content === null) return "";
  if (typeof content === "string") return content;
  return content.map((part) => part.text ?? part.refusal ?? `[${part.type}]`).join("\n");
}

/** What the reply depends on: the conversation, the model and the seed; never stream or caps. */
function seedParts(request: ChatRequest): string[] {
  const conversation = request.messages
    .map((m) =>
      [
        m.role,
        m.name ?? "",
        contentText(m.content),
        m.tool_call_id ?? "",
        JSON.stringify(m.tool_calls ?? []),
      ].join("\u0001"),
    )
    .join("\u0002");
  return [
    "chat",
    request.model,
    conversation,
    String(request.seed ?? ""),
    request.responseFormat.kind,
  ];
}

/**
 * The tool the model "decides" to call: a forced one, or on "auto" a weather question in the
 * last message. After a tool result the model answers in words, so agent loops end.
 */
function toolToCall(request: ChatRequest): ToolDefinition | undefined {
  const { tools, toolChoice } = request;
  const weatherTool = tools.find((tool) => /weather/i.test(tool.name)) ?? tools[0];
  switch (toolChoice.kind) {
    case "none":
      return undefined;
    case "function":
      return tools.find((tool) => tool.name === toolChoice.name);
    case "required":
      return weatherTool;
    case "auto": {
      const last = request.messages.at(-1);
      if (last?.role !== "user" || !/\bweather\b/i.test(contentText(last.content)))
        return undefined;
      return weatherTool;
    }
  }
}

function replyFor(request: ChatRequest, random: Random): string {
  switch (request.responseFormat.kind) {
    case "json_object":
      return JSON.stringify({ answer: replyText(random) });
    case "json_schema":
      return JSON.stringify(valueForSchema(request.responseFormat.schema, random));
    case "text":
      return replyText(random);
  }
}

function planChoice(request: ChatRequest, index: number): ChoicePlan {
  const random = createRandom(...seedParts(request), String(index));
  const tool = toolToCall(request);
  if (tool) {
    const last = request.messages.filter((m) => m.role === "user").at(-1);
    const location = locationHint(contentText(last?.content));
    const full = JSON.stringify(valueForSchema(tool.parameters, random, { location }));
    const cut = truncateToTokens(full, request.maxTokens ?? Number.POSITIVE_INFINITY);
    return {
      kind: "tool_call",
      id: `call_${random.hex(24)}`,
      name: tool.name,
      arguments: cut.text,
      // OpenAI's quirk: a call forced by name finishes with "stop", not "tool_calls".
      finishReason: cut.truncated
        ? "length"
        : request.toolChoice.kind === "function"
          ? "stop"
          : "tool_calls",
      tokens: countTokens(tool.name) + cut.tokens,
    };
  }
  const stopped = applyStop(replyFor(request, random), request.stop);
  const cut = truncateToTokens(stopped.text, request.maxTokens ?? Number.POSITIVE_INFINITY);
  return {
    kind: "text",
    text: cut.text,
    finishReason: cut.truncated ? "length" : "stop",
    tokens: cut.tokens,
  };
}

function logprobEntries(request: ChatRequest, text: string, index: number) {
  const pieces = tokenPieces(encodeText(text));
  return logprobsFor(
    pieces,
    Math.max(0, request.topLogprobs - 1),
    `${seedParts(request).join()}:${index}`,
  );
}

function messageFor(plan: ChoicePlan) {
  if (plan.kind === "text") {
    return { role: "assistant", content: plan.text, refusal: null, annotations: [] };
  }
  return {
    role: "assistant",
    content: null,
    refusal: null,
    annotations: [],
    tool_calls: [
      { id: plan.id, type: "function", function: { name: plan.name, arguments: plan.arguments } },
    ],
  };
}

/** Per-choice stream deltas: a role chunk, one chunk per token piece, a finish chunk. */
function deltasFor(request: ChatRequest, plan: ChoicePlan, index: number): unknown[] {
  const finish = { index, delta: {}, logprobs: null, finish_reason: plan.finishReason };
  if (plan.kind === "tool_call") {
    const head = {
      index,
      delta: {
        role: "assistant",
        content: null,
        tool_calls: [
          { index: 0, id: plan.id, type: "function", function: { name: plan.name, arguments: "" } },
        ],
        refusal: null,
      },
      logprobs: null,
      finish_reason: null,
    };
    const parts = tokenPieces(encodeText(plan.arguments)).map((piece) => ({
      index,
      delta: { tool_calls: [{ index: 0, function: { arguments: piece.text } }] },
      logprobs: null,
      finish_reason: null,
    }));
    return [head, ...parts, finish];
  }
  const head = {
    index,
    delta: { role: "assistant", content: "", refusal: null },
    logprobs: null,
    finish_reason: null,
  };
  const pieces = tokenPieces(encodeText(plan.text));
  const entries = request.logprobs ? logprobEntries(request, plan.text, index) : [];
  const parts = pieces.map((piece, at) => {
    const entry = entries[at];
    return {
      index,
      delta: { content: piece.text },
      logprobs: entry
        ? { content: chatLogprobContent([entry], request.topLogprobs), refusal: null }
        : null,
      finish_reason: null,
    };
  });
  return [head, ...parts, finish];
}

export const chatCompletions: Route = {
  method: "POST",
  path: "/v1/chat/completions",
  handle: ({ body }) => {
    const request = parseChatRequest(asBody(body));
    const plans = Array.from({ length: request.n }, (_, index) => planChoice(request, index));
    const promptTokens =
      countChatPromptTokens(request.messages) + countToolDefinitionTokens(request.rawTools);
    const completionTokens = plans.reduce((sum, plan) => sum + plan.tokens, 0);
    const usage = chatUsage(promptTokens, completionTokens);
    const envelope = {
      id: newId("chatcmpl-"),
      created: nowSeconds(),
      model: request.model,
      service_tier: "default",
      system_fingerprint: SYSTEM_FINGERPRINT,
    };

    if (!request.stream) {
      return {
        kind: "json",
        generatedTokens: completionTokens,
        body: {
          id: envelope.id,
          object: "chat.completion",
          created: envelope.created,
          model: envelope.model,
          choices: plans.map((plan, index) => ({
            index,
            message: messageFor(plan),
            logprobs:
              request.logprobs && plan.kind === "text"
                ? {
                    content: chatLogprobContent(
                      logprobEntries(request, plan.text, index),
                      request.topLogprobs,
                    ),
                    refusal: null,
                  }
                : null,
            finish_reason: plan.finishReason,
          })),
          usage,
          service_tier: envelope.service_tier,
          system_fingerprint: envelope.system_fingerprint,
        },
      };
    }

    const choices = roundRobin(plans.map((plan, index) => deltasFor(request, plan, index)));
    // With include_usage every chunk carries `usage: null` and one last chunk has no choices.
    const chunk = (choiceList: unknown[], usageValue: unknown) => ({
      id: envelope.id,
      object: "chat.completion.chunk",
      created: envelope.created,
      model: envelope.model,
      service_tier: envelope.service_tier,
      system_fingerprint: envelope.system_fingerprint,
      choices: choiceList,
      ...(request.includeUsage ? { usage: usageValue } : {}),
    });
    const events = choices.map((choice) => chunk([choice], null));
    if (request.includeUsage) events.push(chunk([], usage));
    return { kind: "stream", events };
  },
};
