// Counts of long texts, remembered per tenant. Agents and chat clients send the whole
// conversation on every call, so each call re-counts what the previous one counted, plus a
// little: ~2 ms of event loop for a 50 KB history. Finding a text here costs hashing and
// comparing it, about a tenth of a millisecond for the same 50 KB.
//
// Only a caller inside `countingFor` (admission, while it estimates a call's hold) uses the memo,
// and its entries are the tenant's own: a shared memo would answer a text another tenant sent
// faster than one nobody sent, and time would tell one tenant what another's prompts contain.
// The memo keeps at most MEMO_CHARS characters of text in all, least recently used out first.

/** The most text kept, all tenants and encodings together (~8 MB as two-byte strings). */
export const MEMO_CHARS = 4_000_000;

export interface Counted {
  tokens: number;
  /** Seams the count cut a long run at, each a token it may be off by (see encoding.ts). */
  seams: number;
}

const memo = new Map<string, Counted & { chars: number }>();
let chars = 0;
let scope: string | undefined;

/** Runs `count` with the memo of `tenant`; outside, counts are not remembered. */
export function countingFor<T>(tenant: string, count: () => T): T {
  const outer = scope;
  scope = tenant;
  try {
    return count();
  } finally {
    scope = outer;
  }
}

/** `text`'s count in `encoding` from the current tenant's memo, or counted now and remembered. */
export function memoized(encoding: string, text: string, count: () => Counted): Counted {
  if (scope === undefined || text.length > MEMO_CHARS / 4) return count();
  const key = `${scope}\u0000${encoding}\u0000${text}`;
  const known = memo.get(key);
  if (known) {
    // Most recently used: to the end of the Map's order.
    memo.delete(key);
    memo.set(key, known);
    return known;
  }
  const counted = count();
  memo.set(key, { tokens: counted.tokens, seams: counted.seams, chars: key.length });
  chars += key.length;
  for (const [oldest, entry] of memo) {
    if (chars <= MEMO_CHARS) break;
    memo.delete(oldest);
    chars -= entry.chars;
  }
  return counted;
}

/** What the memo holds, for tests. */
export function memoSize(): { entries: number; chars: number } {
  return { entries: memo.size, chars };
}
