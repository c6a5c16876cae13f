// Anthropic's named SSE events -> OpenAI chat.completion.chunk JSON, one event at a time. The
// caller frames each string as `data: <json>\n\n` and appends `data: [DONE]` at the end.
import { OpenAIError } from "../../http/openai-error.ts";
import { isRecord } from "./json.ts";
import { type FinishReason, finishReason, fromAnthropicError, nowSeconds } from "./response.ts";
import {
  type AnthropicUsage,
  NO_USAGE,
  promptTokens,
  readAnthropicUsage,
  reportsInput,
  toOpenAIUsage,
} from "./usage.ts";

export interface AnthropicStreamOptions {
  /** The model name the client asked for, echoed in every chunk. */
  requestedModel: string;
  /** stream_options.include_usage: every chunk carries `usage: null`, one last chunk the usage. */
  includeUsage: boolean;
  /** Defaults to "chatcmpl-" + the Anthropic message id. */
  id?: string;
  /** Defaults to now, in seconds. */
  created?: number;
}

export interface StreamUsage {
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
}

export interface AnthropicStreamTranslator {
  /** One Anthropic event (its name and data text) -> the chunks to send, possibly none. */
  push(event: string, data: string): string[];
  /** The closing chunks when the upstream ended without message_stop; none once it was seen. */
  finish(): string[];
  /** Usage as reported so far; undefined before message_start. */
  usage(): StreamUsage | undefined;
  /**
   * Everything generated so far: text, and tool names and argument fragments, which the model
   * produced (and is paid for) too. What a client that leaves mid-stream is charged by.
   */
  text(): string;
}

export function createAnthropicStreamTranslator(
  options: AnthropicStreamOptions,
): AnthropicStreamTranslator {
  const created = options.created ?? nowSeconds();
  let id = options.id;
  let reported: AnthropicUsage | undefined;
  let stopReason: unknown;
  let opened = false;
  let finished = false;
  let closed = false;
  let generated = "";
  // Anthropic numbers content blocks (text and tools together); OpenAI numbers tool calls.
  const toolIndexByBlock = new Map<number, number>();

  const chunk = (choices: unknown[], usage: unknown = null): string =>
    JSON.stringify({
      id: id ?? "chatcmpl-",
      object: "chat.completion.chunk",
      created,
      model: options.requestedModel,
      choices,
      ...(options.includeUsage ? { usage } : {}),
    });

  const delta = (value: Record<string, unknown>, finish: FinishReason | null = null): string =>
    chunk([{ index: 0, delta: value, logprobs: null, finish_reason: finish }]);

  /** The role chunk, once, before anything else. */
  const open = (): string[] => {
    if (opened) return [];
    opened = true;
    return [delta({ role: "assistant", content: "", refusal: null })];
  };

  const finishChunk = (): string[] => {
    if (finished) return [];
    finished = true;
    return [delta({}, finishReason(stopReason))];
  };

  const close = (): string[] => {
    const out = [...open(), ...finishChunk()];
    if (options.includeUsage) out.push(chunk([], toOpenAIUsage(reported ?? NO_USAGE)));
    closed = true;
    return out;
  };

  const content = (text: string): string[] => {
    if (text === "") return [];
    generated += text;
    return [...open(), delta({ content: text })];
  };

  function push(event: string, data: string): string[] {
    if (closed) return [];
    let payload: unknown;
    try {
      payload = JSON.parse(data);
    } catch {
      throw new OpenAIError(
        502,
        `The upstream provider sent an unreadable ${event} event.`,
        "server_error",
        "bad_upstream_response",
      );
    }
    if (!isRecord(payload)) return [];
    const index = typeof payload.index === "number" ? payload.index : -1;
    switch (typeof payload.type === "string" ? payload.type : event) {
      case "message_start": {
        const message = isRecord(payload.message) ? payload.message : {};
        if (id === undefined && typeof message.id === "string") id = `chatcmpl-${message.id}`;
        // A server that reports no usage leaves it unknown, never zero.
        if (reportsInput(message.usage)) reported = readAnthropicUsage(message.usage);
        return open();
      }
      case "content_block_start": {
        const block = isRecord(payload.content_block) ? payload.content_block : {};
        if (block.type === "text" && typeof block.text === "string") return content(block.text);
        if (block.type !== "tool_use" || typeof block.id !== "string") return [];
        const name = typeof block.name === "string" ? block.name : "";
        const toolIndex = toolIndexByBlock.size;
        toolIndexByBlock.set(index, toolIndex);
        generated += name;
        return [
          ...open(),
          delta({
            tool_calls: [
              {
                index: toolIndex,
                id: block.id,
                type: "function",
                function: { name, arguments: "" },
              },
            ],
          }),
        ];
      }
      case "content_block_delta": {
        const change = isRecord(payload.delta) ? payload.delta : {};
        if (change.type === "text_delta" && typeof change.text === "string") {
          return content(change.text);
        }
        const toolIndex = toolIndexByBlock.get(index);
        const fragment = change.partial_json;
        // Anthropic opens every tool input with an empty fragment; OpenAI never sends one.
        if (change.type !== "input_json_delta" || toolIndex === undefined) return [];
        if (typeof fragment !== "string" || fragment === "") return [];
        generated += fragment;
        return [delta({ tool_calls: [{ index: toolIndex, function: { arguments: fragment } }] })];
      }
      case "message_delta": {
        if (isRecord(payload.delta)) stopReason = payload.delta.stop_reason;
        if (reported || reportsInput(payload.usage)) {
          reported = readAnthropicUsage(payload.usage, reported);
        }
        return [...open(), ...finishChunk()];
      }
      case "message_stop":
        return close();
      case "error": {
        // OpenAI reports a failure mid-stream as a data event holding an error object.
        closed = true;
        return [JSON.stringify(fromAnthropicError(500, payload).toJSON())];
      }
      default:
        // ping, content_block_stop, thinking and anything newer carry nothing for the client.
        return [];
    }
  }

  return {
    push,
    finish: () => (closed ? [] : close()),
    usage: () =>
      reported && {
        promptTokens: promptTokens(reported),
        completionTokens: reported.outputTokens,
        cachedTokens: reported.cacheReadTokens,
      },
    text: () => generated,
  };
}
