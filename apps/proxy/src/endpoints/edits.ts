// POST /v1/edits was retired upstream; clients that still call it are served by a chat
// completion (the instruction as the system message, the input as the user's) and answered in
// the edits shape.
import { errors } from "../http/openai-error.ts";
import { chatCompletions, choices } from "./chat.ts";
import { type MeteredEndpoint, record, tokenUsage } from "./types.ts";

function chatBody(body: Record<string, unknown>): Record<string, unknown> {
  return {
    model: body.model,
    messages: [
      { role: "system", content: String(body.instruction) },
      { role: "user", content: typeof body.input === "string" ? body.input : "" },
    ],
    ...(body.n !== undefined ? { n: body.n } : {}),
    ...(body.temperature !== undefined ? { temperature: body.temperature } : {}),
    ...(body.top_p !== undefined ? { top_p: body.top_p } : {}),
  };
}

export const edits: MeteredEndpoint = {
  path: "/edits",
  upstreamPath: "/chat/completions",
  streams: false,
  streamUsage: false,
  validate(body) {
    if (typeof body.instruction !== "string" || body.instruction.length === 0) {
      throw errors.missingParam("instruction");
    }
    if (body.input !== undefined && typeof body.input !== "string") {
      throw errors.invalidParam("input", "'input' must be a string.");
    }
    choices(body);
  },
  toUpstream: chatBody,
  estimate: (body, model) => chatCompletions.estimate(chatBody(body), model),
  usage: (answer, estimate) => chatCompletions.usage(answer, estimate),
  fromUpstream(answer) {
    const chat = record(answer);
    const usage = tokenUsage(answer) ?? { promptTokens: 0, completionTokens: 0 };
    const list = Array.isArray(chat.choices) ? chat.choices : [];
    return {
      object: "edit",
      created: typeof chat.created === "number" ? chat.created : Math.floor(Date.now() / 1000),
      choices: list.map((choice, index) => ({
        text: String(record(record(choice).message).content ?? ""),
        index,
      })),
      usage: {
        prompt_tokens: usage.promptTokens,
        completion_tokens: usage.completionTokens,
        total_tokens: usage.promptTokens + usage.completionTokens,
      },
    };
  },
};
