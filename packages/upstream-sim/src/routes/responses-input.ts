// The Responses API request as the chat request the sim already knows how to answer: the
// instructions a system message, input items messages (function calls and their outputs as tool
// calls and tool messages), function tools, text.format a response_format. Stored responses a
// previous_response_id names are replayed first, as OpenAI carries the conversation over.
import { SimError } from "../errors.ts";

type Json = Record<string, unknown>;

function record(value: unknown): Json {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Json)
    : {};
}

export function inputItems(input: unknown): Json[] {
  if (typeof input === "string") return [{ type: "message", role: "user", content: input }];
  if (input === undefined) return [];
  if (!Array.isArray(input)) {
    throw new SimError(400, "Invalid type for 'input': expected a string or an array.", {
      param: "input",
      code: "invalid_type",
    });
  }
  return input.map(record);
}

function text(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((part) => {
      const value = record(part);
      if (typeof value.text === "string") return value.text;
      return typeof value.refusal === "string" ? value.refusal : `[${String(value.type)}]`;
    })
    .join("\n");
}

function messages(instructions: unknown, items: readonly Json[]): Json[] {
  const out: Json[] = [];
  if (typeof instructions === "string" && instructions) {
    out.push({ role: "system", content: instructions });
  }
  for (const item of items) {
    const type = item.type ?? "message";
    if (type === "message") {
      const role = item.role === "developer" ? "system" : String(item.role ?? "user");
      out.push({ role, content: text(item.content) });
    } else if (type === "function_call") {
      const call = {
        id: item.call_id,
        type: "function",
        function: { name: item.name, arguments: item.arguments ?? "" },
      };
      const last = out.at(-1);
      if (last?.role === "assistant" && Array.isArray(last.tool_calls)) last.tool_calls.push(call);
      else out.push({ role: "assistant", content: null, tool_calls: [call] });
    } else if (type === "function_call_output") {
      out.push({ role: "tool", tool_call_id: item.call_id, content: String(item.output ?? "") });
    }
  }
  return out;
}

/** The chat body the sim answers a Responses API request with. */
export function chatBodyFor(body: Json, history: readonly Json[], maxTokens?: number): Json {
  const chat: Json = {
    model: body.model,
    messages: messages(body.instructions, [...history, ...inputItems(body.input)]),
  };
  const tools = (Array.isArray(body.tools) ? body.tools : [])
    .map(record)
    .filter((tool) => tool.type === "function")
    .map((tool) => ({
      type: "function",
      function: { name: tool.name, description: tool.description, parameters: tool.parameters },
    }));
  if (tools.length > 0) {
    chat.tools = tools;
    const choice = body.tool_choice;
    if (typeof choice === "string") chat.tool_choice = choice;
    else if (record(choice).type === "function") {
      chat.tool_choice = { type: "function", function: { name: record(choice).name } };
    }
  }
  const format = record(record(body.text).format);
  if (format.type === "json_schema") {
    chat.response_format = {
      type: "json_schema",
      json_schema: { name: format.name, schema: format.schema, strict: format.strict },
    };
  } else if (format.type === "json_object") {
    chat.response_format = { type: "json_object" };
  }
  if (maxTokens !== undefined) chat.max_tokens = maxTokens;
  return chat;
}
