// Answers that are not JSON bodies carrying usage: speech audio streams through as it arrives
// (never buffered), transcripts (JSON or srt/vtt/text) are relayed byte for byte. What they used
// comes from the endpoint: the characters held for, the seconds the transcript or file reports.
import { pipeline } from "node:stream/promises";
import type { Forwarded } from "../channels/forward.ts";
import { codeMsgBytes } from "../http/code-msg.ts";
import type { AnswerContext, AnswerOutcome } from "./answer.ts";

export async function relayAsSent(
  ctx: AnswerContext,
  forwarded: Forwarded,
  headers: Record<string, string>,
): Promise<AnswerOutcome> {
  const { res, endpoint, estimate } = ctx;
  const { response } = forwarded;
  if (endpoint.answerKind === "binary") {
    const length = response.headers["content-length"];
    res.writeHead(
      response.statusCode,
      typeof length === "string" ? { ...headers, "content-length": length } : headers,
    );
    // The upstream produced the whole answer for the input it was sent: a client that stops
    // reading, or an answer cut off on the way, is charged all the same.
    const completed = await pipeline(response.body, res).then(
      () => true,
      () => false,
    );
    return {
      usage: endpoint.usage(undefined, estimate),
      errorCode: completed ? null : "stream_interrupted",
    };
  }
  const received = Buffer.from(await response.body.arrayBuffer());
  const text = received.toString("utf8");
  // A JSON transcript carries the seed service's code and msg where they apply; srt, vtt, text not.
  const bytes = codeMsgBytes(res.req, response.statusCode, received);
  headers["content-length"] = String(bytes.length);
  res.writeHead(response.statusCode, headers);
  res.end(bytes);
  return { usage: endpoint.usage(parsed(text) ?? text, estimate), errorCode: null };
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
