// Relays an Anthropic event stream to an OpenAI client: each named event is translated into
// chat.completion.chunk events as it arrives, and the stream ends with `data: [DONE]` like
// OpenAI's. Usage and the generated text come from the translator.
import type { Readable } from "node:stream";
import { sseBlocks } from "../../streaming/sse-events.ts";
import type { EventSink, StreamOutcome } from "../../streaming/sse-relay.ts";
import { writeWithBackpressure } from "../../streaming/sse-relay.ts";
import { createAnthropicStreamTranslator } from "./stream.ts";

export async function relayAnthropicStream(
  upstream: Readable,
  res: EventSink,
  options: { requestedModel: string; includeUsage: boolean },
): Promise<StreamOutcome> {
  const translator = createAnthropicStreamTranslator(options);
  const outcome: StreamOutcome = { text: "", completed: false };
  const send = async (chunks: string[]) => {
    for (const chunk of chunks) {
      const waiting = writeWithBackpressure(res, `data: ${chunk}\n\n`);
      if (waiting) await waiting;
    }
  };
  let sawStop = false;
  try {
    for await (const block of sseBlocks(upstream)) {
      outcome.firstChunkAt ??= performance.now();
      let event = "message";
      let data = "";
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) event = line.slice(6).trim();
        else if (line.startsWith("data:")) data += line.slice(5).trim();
      }
      if (event === "message_stop") sawStop = true;
      if (data) await send(translator.push(event, data));
      if (res.destroyed) {
        upstream.destroy();
        return finish();
      }
    }
    await send(translator.finish());
    if (sawStop) {
      await writeWithBackpressure(res, "data: [DONE]\n\n");
      outcome.completed = true;
    }
  } catch {
    // The upstream broke off or the client left.
  }
  return finish();

  function finish(): StreamOutcome {
    outcome.usage = translator.usage();
    outcome.text = translator.text();
    return outcome;
  }
}
