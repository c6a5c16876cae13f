// Relays an OpenAI-format event stream to the client as it arrives, and reports the usage the
// upstream sends (we always ask for it) or, when none comes whole (a client that disconnects
// mid-stream, an upstream that breaks off), the text generated, to charge by our own count. The
// usage-only chunk is dropped for clients that did not ask for it; every other byte passes
// through unchanged.
import type { Readable } from "node:stream";
import { sseBlockBatches } from "./sse-events.ts";

export interface StreamUsage {
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
}

export interface StreamOutcome {
  usage?: StreamUsage;
  /**
   * Everything generated: message deltas, legacy completion text, tool-call arguments; and any
   * text relayed that was no event at all.
   */
  text: string;
  /** The upstream finished with [DONE] and the client received it. */
  completed: boolean;
  firstChunkAt?: number;
}

interface Chunk {
  choices?: {
    delta?: { content?: string | null; tool_calls?: { function?: { arguments?: string } }[] };
    text?: string;
  }[];
  usage?: {
    prompt_tokens?: number;
    completion_tokens?: number;
    prompt_tokens_details?: { cached_tokens?: number } | null;
  } | null;
}

export function usageOf(json: Chunk["usage"]): StreamUsage | undefined {
  if (!json || typeof json !== "object") return undefined;
  const count = (value: unknown) =>
    typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : undefined;
  const promptTokens = count(json.prompt_tokens);
  const completionTokens = count(json.completion_tokens);
  // A usage without both counts says nothing we can charge by.
  if (promptTokens === undefined || completionTokens === undefined) return undefined;
  return {
    promptTokens,
    completionTokens,
    cachedTokens: count(json.prompt_tokens_details?.cached_tokens) ?? 0,
  };
}

/**
 * Where a relay writes events: the client's response, or a translator in front of it that writes
 * another dialect's events to the client (a ServerResponse is one).
 */
export interface EventSink {
  write(data: string): boolean;
  readonly destroyed: boolean;
  readonly writableEnded: boolean;
  on(event: "drain" | "close", listener: () => void): unknown;
  off(event: "drain" | "close", listener: () => void): unknown;
}

/** Writes, and when the socket is full returns a promise for the drain (or the close). */
export function writeWithBackpressure(res: EventSink, data: string): Promise<void> | undefined {
  // A response the client already closed never drains: writing to it would wait forever.
  if (res.destroyed || res.writableEnded) return Promise.resolve();
  if (res.write(data)) return undefined;
  if (res.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}

export async function relayOpenAIStream(
  upstream: Readable,
  res: EventSink,
  options: { hideUsageChunk: boolean },
): Promise<StreamOutcome> {
  const outcome: StreamOutcome = { text: "", completed: false };
  const unread: Unread = { data: [], chars: 0 };
  try {
    for await (const events of sseBlockBatches(upstream)) {
      outcome.firstChunkAt ??= performance.now();
      // The events of one piece read go in one write (a write costs a system call).
      let out = "";
      for (const event of events)
        out += transform(event, outcome, options.hideUsageChunk, unread) ?? "";
      if (out) {
        const waiting = writeWithBackpressure(res, out);
        if (waiting) await waiting;
      }
      if (res.destroyed) {
        // The client left: stop reading, which aborts the upstream.
        upstream.destroy();
        return outcome;
      }
    }
  } catch {
    // The upstream broke off or the client left: report what was generated.
  } finally {
    // The text is charged only when the stream did not end whole with its usage.
    if (!(outcome.completed && outcome.usage)) readUnread(unread, outcome);
  }
  return outcome;
}

/**
 * Chunks relayed but not read yet. Reading every chunk cost a stream more than relaying it, and
 * their text is needed only when no usage comes: they are read then, or in slices as they pile
 * up, so a long stream keeps at most this much of them.
 */
interface Unread {
  data: string[];
  chars: number;
}

const UNREAD_CHARS = 32 * 1024;

function readUnread(unread: Unread, outcome: StreamOutcome): void {
  for (const data of unread.data) readChunk(data, outcome, false);
  unread.data = [];
  unread.chars = 0;
}

/** A chunk whose data may hold a usage object (a `"usage":{` outside any string). */
const USAGE = /"usage"\s*:\s*\{/;

/** The event to send on (possibly trimmed), or null to drop it. */
function transform(
  event: string,
  outcome: StreamOutcome,
  hideUsageChunk: boolean,
  unread: Unread,
): string | null {
  const data = eventData(event);
  if (data === undefined) {
    if (!onlyFields(event)) {
      readUnread(unread, outcome);
      outcome.text += event;
    }
    return event;
  }
  if (data === "[DONE]") {
    outcome.completed = true;
    return event;
  }
  unread.data.push(data);
  unread.chars += data.length;
  if (unread.chars > UNREAD_CHARS) readUnread(unread, outcome);
  // Only a chunk that may carry the usage is read now (its text waits with the others).
  const chunk = USAGE.test(data) ? readChunk(data, outcome, true) : undefined;
  if (!hideUsageChunk) return event;
  if (chunk && usageOf(chunk.usage) && chunk.choices?.length === 0) return null;
  // With usage requested, the upstream adds "usage":null to every chunk; a client that did not
  // ask gets the chunks as they would have been.
  return event.replace(',"usage":null', "");
}

/** One chunk's usage (usageOnly), or its text and usage; data that is no chunk counts as text. */
function readChunk(data: string, outcome: StreamOutcome, usageOnly: boolean): Chunk | undefined {
  let chunk: Chunk;
  try {
    const parsed: unknown = JSON.parse(data);
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
      if (!usageOnly) outcome.text += data;
      return undefined;
    }
    chunk = parsed as Chunk;
  } catch {
    if (!usageOnly) outcome.text += data;
    return undefined;
  }
  const usage = usageOf(chunk.usage);
  if (usage) outcome.usage = usage;
  if (usageOnly) return chunk;
  for (const choice of Array.isArray(chunk.choices) ? chunk.choices : []) {
    if (typeof choice?.delta?.content === "string") outcome.text += choice.delta.content;
    if (typeof choice?.text === "string") outcome.text += choice.text;
    for (const call of choice?.delta?.tool_calls ?? []) {
      if (typeof call?.function?.arguments === "string") outcome.text += call.function.arguments;
    }
  }
  return chunk;
}

/** The data of an event block (its data lines joined), or undefined when it has none. */
function eventData(block: string): string | undefined {
  if (block.startsWith("data: ")) return block.slice(6).trimEnd();
  const lines = block.split("\n").filter((line) => line.startsWith("data:"));
  if (lines.length === 0) return undefined;
  return lines
    .map((line) => line.slice(5).replace(/^ /, ""))
    .join("\n")
    .trimEnd();
}

/** A block of only comments and event fields (keep-alives, `event:` names): no content. */
function onlyFields(block: string): boolean {
  return block
    .split("\n")
    .every((line) => line.trim() === "" || /^(:|event:|id:|retry:)/.test(line));
}

/**
 * An event stream read whole, as when a lenient upstream streams to a call that did not ask
 * for a stream: the text generated, and the usage if it reported one.
 */
export function readEventStream(text: string): StreamOutcome {
  const outcome: StreamOutcome = { text: "", completed: false };
  const unread: Unread = { data: [], chars: 0 };
  for (const block of text.split("\n\n")) {
    if (block.trim()) transform(block, outcome, false, unread);
  }
  readUnread(unread, outcome);
  return outcome;
}
