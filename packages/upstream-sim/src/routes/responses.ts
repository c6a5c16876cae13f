// OpenAI's Responses API, natively: POST /v1/responses (whole or as its named event stream, no
// [DONE]), and for what it stored, GET and DELETE /v1/responses/{id} and GET .../input_items.
// The reply is the sim's chat reply for the same conversation, so it is as deterministic; a
// reasoning model (an o-series or gpt-5 name, or any request with reasoning.effort) first spends
// reasoning tokens, reported inside output_tokens as OpenAI does.
import { SimError } from "../errors.ts";
import { newId } from "../ids.ts";
import { asBody } from "../params.ts";
import { nowSeconds, type Route, type RouteInput } from "../route.ts";
import { chatCompletions } from "./chat.ts";
import { chatBodyFor, inputItems } from "./responses-input.ts";
import { responseEvents } from "./responses-stream.ts";

type Json = Record<string, unknown>;

interface Stored {
  response: Json;
  input: Json[];
  /** The conversation this response ends, for a follow-up: every input and output item. */
  conversation: Json[];
}

/** Responses stored with `store` on, newest last; the oldest go beyond this many. */
const MAX_STORED = 10_000;
const stored = new Map<string, Stored>();

const REASONING_TOKENS: Record<string, number> = { minimal: 0, low: 32, medium: 128, high: 512 };

function record(value: unknown): Json {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Json)
    : {};
}

function reasoningTokens(body: Json): number {
  const effort = record(body.reasoning).effort;
  if (typeof effort === "string") return REASONING_TOKENS[effort] ?? 128;
  return /^(o\d|gpt-5)/.test(String(body.model)) ? (REASONING_TOKENS.medium ?? 0) : 0;
}

function notFound(id: string): SimError {
  return new SimError(404, `Response with id '${id}' not found.`);
}

function outputFrom(chat: Json, reasoning: number): Json[] {
  const choice = record(Array.isArray(chat.choices) ? chat.choices[0] : undefined);
  const message = record(choice.message);
  const output: Json[] = [];
  if (reasoning > 0) output.push({ type: "reasoning", id: newId("rs_", 48), summary: [] });
  if (typeof message.content === "string") {
    output.push({
      type: "message",
      id: newId("msg_", 48),
      status: "completed",
      role: "assistant",
      content: [{ type: "output_text", text: message.content, annotations: [], logprobs: [] }],
    });
  }
  for (const value of Array.isArray(message.tool_calls) ? message.tool_calls : []) {
    const call = record(value);
    const fn = record(call.function);
    output.push({
      type: "function_call",
      id: newId("fc_", 48),
      call_id: call.id,
      name: fn.name,
      arguments: fn.arguments,
      status: "completed",
    });
  }
  return output;
}

function create({ body: raw, ...input }: RouteInput) {
  const body = asBody(raw);
  if (typeof body.model !== "string" || !body.model) {
    throw new SimError(400, "Missing required parameter: 'model'.", {
      param: "model",
      code: "missing_required_parameter",
    });
  }
  const previousId = body.previous_response_id;
  const previous = typeof previousId === "string" ? stored.get(previousId) : undefined;
  if (typeof previousId === "string" && !previous) {
    throw new SimError(400, `Previous response with id '${previousId}' not found.`, {
      param: "previous_response_id",
      code: "previous_response_not_found",
    });
  }
  const cap = typeof body.max_output_tokens === "number" ? body.max_output_tokens : undefined;
  const reasoning = Math.min(reasoningTokens(body), cap ?? Number.POSITIVE_INFINITY);
  const history = previous?.conversation ?? [];
  const reply = chatCompletions.handle({
    ...input,
    body: chatBodyFor(body, history, cap === undefined ? undefined : Math.max(1, cap - reasoning)),
  });
  const chat = reply.kind === "json" ? record(reply.body) : {};
  const usage = record(chat.usage);
  const inputTokens = Number(usage.prompt_tokens ?? 0);
  const outputTokens = Number(usage.completion_tokens ?? 0) + reasoning;
  const finish = record(Array.isArray(chat.choices) ? chat.choices[0] : undefined).finish_reason;
  const incomplete = finish === "length";
  const output = outputFrom(chat, reasoning);
  const response: Json = {
    id: newId("resp_", 48),
    object: "response",
    created_at: nowSeconds(),
    status: incomplete ? "incomplete" : "completed",
    background: false,
    error: null,
    incomplete_details: incomplete ? { reason: "max_output_tokens" } : null,
    instructions: body.instructions ?? null,
    max_output_tokens: cap ?? null,
    model: body.model,
    output,
    parallel_tool_calls: body.parallel_tool_calls ?? true,
    previous_response_id: previousId ?? null,
    reasoning: { effort: record(body.reasoning).effort ?? null, summary: null },
    store: body.store ?? true,
    temperature: body.temperature ?? 1,
    text: body.text ?? { format: { type: "text" } },
    tool_choice: body.tool_choice ?? "auto",
    tools: body.tools ?? [],
    top_p: body.top_p ?? 1,
    truncation: body.truncation ?? "disabled",
    usage: {
      input_tokens: inputTokens,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: outputTokens,
      output_tokens_details: { reasoning_tokens: reasoning },
      total_tokens: inputTokens + outputTokens,
    },
    user: body.user ?? null,
    metadata: body.metadata ?? {},
  };
  if (body.store !== false) {
    const items = inputItems(body.input).map((item) => ({
      id: typeof item.id === "string" ? item.id : newId("msg_", 48),
      type: "message",
      ...item,
    }));
    stored.set(String(response.id), {
      response,
      input: items,
      conversation: [...history, ...inputItems(body.input), ...output],
    });
    if (stored.size > MAX_STORED) {
      const oldest = stored.keys().next();
      if (!oldest.done) stored.delete(oldest.value);
    }
  }
  return { response, generatedTokens: outputTokens };
}

export const responseRoutes: readonly Route[] = [
  {
    method: "POST",
    path: "/v1/responses",
    handle: (input) => {
      const { response, generatedTokens } = create(input);
      if (record(input.body).stream === true) {
        return { kind: "stream", named: true, events: responseEvents(response) };
      }
      return { kind: "json", body: response, generatedTokens };
    },
  },
  {
    method: "GET",
    path: "/v1/responses/:id",
    handle: ({ params }) => {
      const found = stored.get(params.id ?? "");
      if (!found) throw notFound(params.id ?? "");
      return { kind: "json", body: found.response };
    },
  },
  {
    method: "DELETE",
    path: "/v1/responses/:id",
    handle: ({ params }) => {
      const id = params.id ?? "";
      if (!stored.delete(id)) throw notFound(id);
      return { kind: "json", body: { id, object: "response", deleted: true } };
    },
  },
  {
    method: "GET",
    path: "/v1/responses/:id/input_items",
    handle: ({ params, query }) => {
      const found = stored.get(params.id ?? "");
      if (!found) throw notFound(params.id ?? "");
      const data = query.get("order") === "asc" ? found.input : [...found.input].reverse();
      return {
        kind: "json",
        body: {
          object: "list",
          data,
          first_id: data[0]?.id ?? null,
          last_id: data.at(-1)?.id ?? null,
          has_more: false,
        },
      };
    },
  },
];
