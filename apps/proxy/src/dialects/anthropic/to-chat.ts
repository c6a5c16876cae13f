// Anthropic Messages request -> OpenAI Chat Completions request, for channels that speak only
// chat. Pure. What chat cannot express is refused with a 400 rather than answered differently;
// hints a chat model has no use for (thinking, cache_control, service_tier) are dropped.
import { record } from "../../endpoints/types.ts";
import { OpenAIError } from "../../http/openai-error.ts";

type ChatPart = { type: "text"; text: string } | { type: "image_url"; image_url: { url: string } };

type ChatMessage = Record<string, unknown> & { role: string };

function invalid(param: string, message: string): OpenAIError {
  return new OpenAIError(400, message, "invalid_request_error", "invalid_value", param);
}

function unsupported(param: string, what: string): OpenAIError {
  return new OpenAIError(
    400,
    `${what} is not supported with this model.`,
    "invalid_request_error",
    "unsupported_parameter",
    param,
  );
}

function list(value: unknown, at: string): readonly unknown[] {
  if (!Array.isArray(value)) throw invalid(at, `${at}: Input should be a valid list`);
  return value;
}

function text(block: Record<string, unknown>, at: string): string {
  if (typeof block.text !== "string") throw invalid(`${at}.text`, `${at}.text: Field required`);
  return block.text;
}

/** The system prompt: a string or text blocks. */
export function systemText(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  return list(value, "system")
    .map((block, index) => text(record(block), `system.${index}`))
    .join("\n");
}

function imagePart(block: Record<string, unknown>, at: string): ChatPart {
  const source = record(block.source);
  if (source.type === "base64" && typeof source.data === "string") {
    const mediaType = typeof source.media_type === "string" ? source.media_type : "image/png";
    return { type: "image_url", image_url: { url: `data:${mediaType};base64,${source.data}` } };
  }
  if (source.type === "url" && typeof source.url === "string") {
    return { type: "image_url", image_url: { url: source.url } };
  }
  throw unsupported(`${at}.source`, `An image source of type '${String(source.type)}'`);
}

/** A tool result's text: chat tool messages carry text only. */
function toolResultText(content: unknown, at: string): string {
  if (content === undefined || content === null) return "";
  if (typeof content === "string") return content;
  return list(content, `${at}.content`)
    .map((part, index) => {
      const block = record(part);
      if (block.type !== "text") {
        throw unsupported(
          `${at}.content.${index}`,
          `A tool result of type '${String(block.type)}'`,
        );
      }
      return text(block, `${at}.content.${index}`);
    })
    .join("\n");
}

/** A user turn: tool results become tool messages, which must come first; the rest one message. */
function userMessages(content: readonly unknown[], at: string): ChatMessage[] {
  const results: ChatMessage[] = [];
  const parts: ChatPart[] = [];
  for (const [index, item] of content.entries()) {
    const blockAt = `${at}.content.${index}`;
    const block = record(item);
    switch (block.type) {
      case "text":
        parts.push({ type: "text", text: text(block, blockAt) });
        break;
      case "image":
        parts.push(imagePart(block, blockAt));
        break;
      case "tool_result":
        if (typeof block.tool_use_id !== "string") {
          throw invalid(`${blockAt}.tool_use_id`, `${blockAt}.tool_use_id: Field required`);
        }
        results.push({
          role: "tool",
          tool_call_id: block.tool_use_id,
          content: toolResultText(block.content, blockAt),
        });
        break;
      default:
        throw unsupported(`${blockAt}.type`, `A content block of type '${String(block.type)}'`);
    }
  }
  if (parts.length === 0) return results;
  const only = parts.length === 1 ? parts[0] : undefined;
  return [...results, { role: "user", content: only?.type === "text" ? only.text : parts }];
}

function assistantMessage(content: readonly unknown[], at: string): ChatMessage {
  const texts: string[] = [];
  const calls: unknown[] = [];
  for (const [index, item] of content.entries()) {
    const blockAt = `${at}.content.${index}`;
    const block = record(item);
    if (block.type === "text") texts.push(text(block, blockAt));
    else if (block.type === "tool_use") {
      if (typeof block.id !== "string" || typeof block.name !== "string") {
        throw invalid(blockAt, `${blockAt}: a tool_use block needs an id and a name`);
      }
      calls.push({
        id: block.id,
        type: "function",
        function: { name: block.name, arguments: JSON.stringify(block.input ?? {}) },
      });
    } else if (block.type !== "thinking" && block.type !== "redacted_thinking") {
      // The model's own earlier reasoning has no place in a chat turn; anything else is content.
      throw unsupported(`${blockAt}.type`, `A content block of type '${String(block.type)}'`);
    }
  }
  const message: ChatMessage = {
    role: "assistant",
    content: texts.length > 0 ? texts.join("") : null,
  };
  if (calls.length > 0) message.tool_calls = calls;
  return message;
}

function messages(value: unknown): ChatMessage[] {
  return list(value, "messages").flatMap((item, index): ChatMessage[] => {
    const at = `messages.${index}`;
    const message = record(item);
    const { role, content } = message;
    if (role !== "user" && role !== "assistant") {
      throw invalid(`${at}.role`, `${at}.role: Input should be 'user' or 'assistant'`);
    }
    if (typeof content === "string") return [{ role, content }];
    const blocks = list(content, `${at}.content`);
    return role === "user" ? userMessages(blocks, at) : [assistantMessage(blocks, at)];
  });
}

function tools(value: unknown): unknown[] {
  return list(value, "tools").map((item, index) => {
    const tool = record(item);
    const at = `tools.${index}`;
    if (tool.type !== undefined && tool.type !== null && tool.type !== "custom") {
      throw unsupported(`${at}.type`, `A tool of type '${String(tool.type)}'`);
    }
    if (typeof tool.name !== "string") throw invalid(`${at}.name`, `${at}.name: Field required`);
    return {
      type: "function",
      function: {
        name: tool.name,
        ...(typeof tool.description === "string" ? { description: tool.description } : {}),
        parameters: record(tool.input_schema),
      },
    };
  });
}

function toolChoice(value: unknown): unknown {
  const choice = record(value);
  switch (choice.type) {
    case "auto":
      return "auto";
    case "any":
      return "required";
    case "none":
      return "none";
    case "tool":
      if (typeof choice.name !== "string") {
        throw invalid("tool_choice.name", "tool_choice.name: Field required");
      }
      return { type: "function", function: { name: choice.name } };
    default:
      throw invalid("tool_choice", `tool_choice: unknown type '${String(choice.type)}'`);
  }
}

export function toChatRequest(body: Record<string, unknown>): Record<string, unknown> {
  for (const param of ["top_k", "mcp_servers", "container"]) {
    if (body[param] !== undefined && body[param] !== null) throw unsupported(param, `'${param}'`);
  }
  const system = systemText(body.system);
  const out: Record<string, unknown> = {
    model: body.model,
    messages: [
      ...(system ? [{ role: "system", content: system }] : []),
      ...messages(body.messages),
    ],
    max_tokens: body.max_tokens,
  };
  for (const param of ["temperature", "top_p"]) {
    if (typeof body[param] === "number") out[param] = body[param];
  }
  if (Array.isArray(body.stop_sequences) && body.stop_sequences.length > 0) {
    out.stop = body.stop_sequences;
  }
  const userId = record(body.metadata).user_id;
  if (typeof userId === "string" && userId !== "") out.user = userId;
  if (Array.isArray(body.tools) && body.tools.length > 0) {
    out.tools = tools(body.tools);
    if (body.tool_choice !== undefined && body.tool_choice !== null) {
      out.tool_choice = toolChoice(body.tool_choice);
      if (record(body.tool_choice).disable_parallel_tool_use === true) {
        out.parallel_tool_calls = false;
      }
    }
  }
  if (body.stream === true) {
    out.stream = true;
    // Always asked for: the charge is read from it.
    out.stream_options = { include_usage: true };
  }
  return out;
}
