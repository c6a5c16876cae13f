import type { Readable } from "node:stream";

/**
 * An upstream's server-sent events, one raw block at a time ("...\n\n" included), as they
 * arrive; a trailing block without its blank line comes last.
 */
export async function* sseBlocks(upstream: Readable): AsyncGenerator<string> {
  let buffer = "";
  upstream.setEncoding("utf8");
  for await (const piece of upstream) {
    buffer += piece as string;
    let boundary = buffer.indexOf("\n\n");
    while (boundary >= 0) {
      yield buffer.slice(0, boundary + 2);
      buffer = buffer.slice(boundary + 2);
      boundary = buffer.indexOf("\n\n");
    }
  }
  if (buffer.trim()) yield buffer;
}
