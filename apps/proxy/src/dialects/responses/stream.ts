// Chat completion chunks -> the Responses API's event sequence, as they arrive: response.created
// and response.in_progress, then per output item output_item.added, its deltas (output_text or
// function_call_arguments) and its done events, and response.completed (or response.incomplete)
// with the whole response and its usage once the relay has read the end of the stream. The
// provider's relay writes chat events into this sink; it writes the translated ones to the client.
import type { ServerResponse } from "node:http";
import { record } from "../../endpoints/types.ts";
import type { EventSink } from "../../streaming/sse-relay.ts";
import { responseEvent } from "./events.ts";
import {
  ending,
  functionCallItem,
  messageItem,
  newItemId,
  type ResponseFrame,
  responseObject,
} from "./response.ts";

type Json = Record<string, unknown>;

interface OpenText {
  kind: "text";
  id: string;
  index: number;
  text: string;
}
interface OpenCall {
  kind: "call";
  id: string;
  index: number;
  callId: string;
  name: string;
  arguments: string;
}

export class ChatToResponseEvents implements EventSink {
  #sequence = 0;
  #started = false;
  #open: OpenText | OpenCall | undefined;
  readonly #calls = new Map<number, OpenCall>();
  readonly #output: Json[] = [];
  #finishReason: unknown;
  #buffer = "";
  readonly #last: string[] = [];

  constructor(
    private readonly res: ServerResponse,
    private readonly frame: ResponseFrame,
  ) {}

  get destroyed(): boolean {
    return this.res.destroyed;
  }
  get writableEnded(): boolean {
    return this.res.writableEnded;
  }
  on(event: "drain" | "close", listener: () => void): this {
    this.res.on(event, listener);
    return this;
  }
  off(event: "drain" | "close", listener: () => void): this {
    this.res.off(event, listener);
    return this;
  }

  /** Takes chat events (whole `data: ...` blocks) and writes their translation. */
  write(data: string): boolean {
    this.#buffer += data;
    const out: string[] = [];
    let boundary = this.#buffer.indexOf("\n\n");
    while (boundary >= 0) {
      this.#chunk(this.#buffer.slice(0, boundary), out);
      this.#buffer = this.#buffer.slice(boundary + 2);
      boundary = this.#buffer.indexOf("\n\n");
    }
    return out.length === 0 || this.res.write(out.join(""));
  }

  /**
   * The response as it ends, with its usage; its last events (open items closed, then
   * response.completed or response.incomplete) are written by `end`, so the response can be
   * recorded before the client sees it complete.
   */
  finish(usage: Json | null): Json {
    const out = this.#last;
    this.#start(out);
    this.#close(out);
    const end = ending(this.#finishReason);
    const response = responseObject(this.frame, {
      status: end.status,
      incomplete: end.incomplete,
      output: this.#output,
      usage,
    });
    const type = end.status === "completed" ? "response.completed" : "response.incomplete";
    out.push(this.#event(type, { response }));
    return response;
  }

  /** Writes the events `finish` prepared and ends the response. */
  end(): void {
    this.res.end(this.#last.join(""));
  }

  #event(type: string, data: Json): string {
    const event = responseEvent(type, this.#sequence, data);
    this.#sequence += 1;
    return event;
  }

  #start(out: string[]): void {
    if (this.#started) return;
    this.#started = true;
    const response = responseObject(this.frame, { status: "in_progress", output: [], usage: null });
    out.push(this.#event("response.created", { response }));
    out.push(this.#event("response.in_progress", { response }));
  }

  #chunk(block: string, out: string[]): void {
    const data = block
      .split("\n")
      .filter((line) => line.startsWith("data:"))
      .map((line) => line.slice(5).trim())
      .join("");
    if (!data || data === "[DONE]") return;
    let chunk: Json;
    try {
      chunk = record(JSON.parse(data));
    } catch {
      return;
    }
    this.#start(out);
    const choices = Array.isArray(chunk.choices) ? chunk.choices : [];
    const choice = record(choices[0]);
    const delta = record(choice.delta);
    if (typeof delta.content === "string" && delta.content) this.#text(delta.content, out);
    for (const value of Array.isArray(delta.tool_calls) ? delta.tool_calls : []) {
      this.#toolCall(record(value), out);
    }
    if (choice.finish_reason) this.#finishReason = choice.finish_reason;
  }

  #text(delta: string, out: string[]): void {
    let open = this.#open;
    if (open?.kind !== "text") {
      this.#close(out);
      open = { kind: "text", id: newItemId("msg"), index: this.#output.length, text: "" };
      this.#open = open;
      this.#output.push(messageItem(open.id, "", "in_progress"));
      const item = { ...messageItem(open.id, "", "in_progress"), content: [] };
      out.push(this.#event("response.output_item.added", { output_index: open.index, item }));
      out.push(
        this.#event("response.content_part.added", {
          item_id: open.id,
          output_index: open.index,
          content_index: 0,
          part: { type: "output_text", text: "", annotations: [], logprobs: [] },
        }),
      );
    }
    open.text += delta;
    out.push(
      this.#event("response.output_text.delta", {
        item_id: open.id,
        output_index: open.index,
        content_index: 0,
        delta,
        logprobs: [],
      }),
    );
  }

  #toolCall(call: Json, out: string[]): void {
    const index = typeof call.index === "number" ? call.index : 0;
    const fn = record(call.function);
    let open = this.#calls.get(index);
    if (!open) {
      this.#close(out);
      open = {
        kind: "call",
        id: newItemId("fc"),
        index: this.#output.length,
        callId: typeof call.id === "string" ? call.id : "",
        name: typeof fn.name === "string" ? fn.name : "",
        arguments: "",
      };
      this.#calls.set(index, open);
      this.#open = open;
      const item = functionCallItem(open.id, open, "in_progress");
      this.#output.push(item);
      out.push(this.#event("response.output_item.added", { output_index: open.index, item }));
    }
    const args = typeof fn.arguments === "string" ? fn.arguments : "";
    if (!args) return;
    open.arguments += args;
    out.push(
      this.#event("response.function_call_arguments.delta", {
        item_id: open.id,
        output_index: open.index,
        delta: args,
      }),
    );
  }

  /** Ends the item being written: its done events, its final form in the output. */
  #close(out: string[]): void {
    const open = this.#open;
    if (!open) return;
    this.#open = undefined;
    const at = { item_id: open.id, output_index: open.index };
    let item: Json;
    if (open.kind === "text") {
      item = messageItem(open.id, open.text, "completed");
      const part = { type: "output_text", text: open.text, annotations: [], logprobs: [] };
      out.push(
        this.#event("response.output_text.done", {
          ...at,
          content_index: 0,
          text: open.text,
          logprobs: [],
        }),
      );
      out.push(this.#event("response.content_part.done", { ...at, content_index: 0, part }));
    } else {
      item = functionCallItem(open.id, open, "completed");
      out.push(
        this.#event("response.function_call_arguments.done", {
          ...at,
          name: open.name,
          arguments: open.arguments,
        }),
      );
    }
    this.#output[open.index] = item;
    out.push(this.#event("response.output_item.done", { output_index: open.index, item }));
  }
}
