// A finished response as the Responses API streams it: response.created and in_progress, then
// per output item output_item.added, its deltas (text in token pieces, function arguments) and
// done events, and response.completed (or response.incomplete) carrying the usage.
import { encodeText, tokenPieces } from "../tokens.ts";

type Json = Record<string, unknown>;

export function responseEvents(response: Json): Json[] {
  const events: Json[] = [];
  const push = (type: string, data: Json) =>
    events.push({ type, sequence_number: events.length, ...data });
  const pending = { ...response, status: "in_progress", output: [], usage: null };
  push("response.created", { response: pending });
  push("response.in_progress", { response: pending });
  const output = Array.isArray(response.output) ? (response.output as Json[]) : [];
  for (const [index, item] of output.entries()) {
    const at = { item_id: item.id, output_index: index };
    if (item.type === "message") {
      const part = (item.content as Json[])[0] ?? {};
      const text = String(part.text ?? "");
      push("response.output_item.added", {
        output_index: index,
        item: { ...item, status: "in_progress", content: [] },
      });
      push("response.content_part.added", {
        ...at,
        content_index: 0,
        part: { type: "output_text", text: "", annotations: [], logprobs: [] },
      });
      for (const piece of tokenPieces(encodeText(text))) {
        push("response.output_text.delta", {
          ...at,
          content_index: 0,
          delta: piece.text,
          logprobs: [],
        });
      }
      push("response.output_text.done", { ...at, content_index: 0, text, logprobs: [] });
      push("response.content_part.done", { ...at, content_index: 0, part });
    } else if (item.type === "function_call") {
      push("response.output_item.added", {
        output_index: index,
        item: { ...item, arguments: "", status: "in_progress" },
      });
      push("response.function_call_arguments.delta", { ...at, delta: item.arguments });
      push("response.function_call_arguments.done", {
        ...at,
        name: item.name,
        arguments: item.arguments,
      });
    } else {
      push("response.output_item.added", { output_index: index, item });
    }
    push("response.output_item.done", { output_index: index, item });
  }
  const final = response.status === "completed" ? "response.completed" : "response.incomplete";
  push(final, { response });
  return events;
}
