// Anthropic's prompt caching, simulated: a request whose tools, system blocks or message blocks
// carry `cache_control` caches its prompt up to the last such breakpoint. The first request with
// a given prefix writes it (cache_creation_input_tokens), later ones read it
// (cache_read_input_tokens), and input_tokens keeps only what follows the breakpoint, so the three
// always add up to the uncached count. No minimum length and no expiry, so tests stay exact.
import { isList, isRecord } from "../params.ts";
import { countTokens, countToolDefinitionTokens } from "../tokens.ts";

export interface CacheUsage {
  read: number;
  creation: number;
}

export const NO_CACHE: CacheUsage = { read: 0, creation: 0 };

/** The prompt's parts in Anthropic's cache order: tools, then system, then messages' blocks. */
function parts(body: Record<string, unknown>): { part: unknown; tokens: () => number }[] {
  const out: { part: unknown; tokens: () => number }[] = [];
  for (const tool of isList(body.tools) ? body.tools : []) {
    out.push({ part: tool, tokens: () => countToolDefinitionTokens([tool]) });
  }
  const blockTokens = (block: unknown) => () => {
    if (!isRecord(block)) return 0;
    if (typeof block.text === "string") return countTokens(block.text);
    const { cache_control: _hint, ...rest } = block;
    return countTokens(JSON.stringify(rest));
  };
  if (typeof body.system === "string") {
    out.push({ part: body.system, tokens: () => countTokens(String(body.system)) });
  }
  for (const block of isList(body.system) ? body.system : []) {
    out.push({ part: block, tokens: blockTokens(block) });
  }
  for (const message of isList(body.messages) ? body.messages : []) {
    if (!isRecord(message)) continue;
    const content = message.content;
    if (typeof content === "string") {
      out.push({ part: { role: message.role, content }, tokens: () => 3 + countTokens(content) });
      continue;
    }
    for (const block of isList(content) ? content : []) {
      out.push({ part: block, tokens: blockTokens(block) });
    }
  }
  return out;
}

function stripHints(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (key, item) =>
    key === "cache_control" ? undefined : item,
  );
}

/**
 * What this request reads from and writes to `cache` (keys of prefixes seen so far), never more
 * than `inputTokens`, the prompt's uncached count.
 */
export function promptCacheUsage(
  body: Record<string, unknown>,
  inputTokens: number,
  cache: Set<string>,
): CacheUsage {
  const all = parts(body);
  let last = -1;
  for (const [index, { part }] of all.entries()) {
    if (isRecord(part) && isRecord(part.cache_control)) last = index;
  }
  if (last < 0) return NO_CACHE;
  const prefix = all.slice(0, last + 1);
  const tokens = Math.min(
    inputTokens,
    prefix.reduce((sum, { tokens: count }) => sum + count(), 0),
  );
  const key = JSON.stringify([body.model, stripHints(prefix.map(({ part }) => part))]);
  if (cache.has(key)) return { read: tokens, creation: 0 };
  cache.add(key);
  return { read: 0, creation: tokens };
}
