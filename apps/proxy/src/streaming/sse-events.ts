import type { Readable } from "node:stream";

/**
 * An upstream's server-sent events as they arrive: after each piece read, the raw blocks it
 * completed ("...\n\n" included), together; a trailing block without its blank line comes last.
 * A relay writes each batch at once: one write per piece read, as a bare proxy does, instead of
 * one per event.
 */
export async function* sseBlockBatches(upstream: Readable): AsyncGenerator<string[]> {
  let buffer = "";
  upstream.setEncoding("utf8");
  for await (const piece of upstream) {
    buffer += piece as string;
    let boundary = buffer.indexOf("\n\n");
    if (boundary < 0) continue;
    const blocks: string[] = [];
    let start = 0;
    while (boundary >= 0) {
      blocks.push(buffer.slice(start, boundary + 2));
      start = boundary + 2;
      boundary = buffer.indexOf("\n\n", start);
    }
    buffer = buffer.slice(start);
    yield blocks;
  }
  if (buffer.trim()) yield [buffer];
}

/** The same events one block at a time. */
export async function* sseBlocks(upstream: Readable): AsyncGenerator<string> {
  for await (const blocks of sseBlockBatches(upstream)) yield* blocks;
}
