// How deeply a JSON text nests objects and arrays, found in one pass over its bytes before it is
// parsed: JSON.parse itself copes with any depth, but what walks the parsed value afterwards
// (JSON.stringify on the way upstream, the prompt tokenizer) recurses and overflows the stack.
// Bytes inside strings are skipped (an escaped quote does not end one); UTF-8 continuation
// bytes are all >= 0x80, so they never look like brackets or quotes.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

/**
 * The deepest nesting of objects and arrays in `bytes` (0 for a scalar), counting no further than
 * `limit + 1`: the scan stops as soon as the text is known to be deeper than `limit`. Exact for
 * valid JSON; for invalid JSON only a bound, which is fine since the parser refuses it anyway.
 */
export function jsonNestingDepth(bytes: Uint8Array, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  const length = bytes.length;
  for (let i = 0; i < length; i++) {
    const byte = bytes[i];
    if (byte === QUOTE) {
      // To the closing quote: the next one not escaped by an odd run of backslashes. Found with
      // indexOf (memchr): strings are most of a prompt's bytes, and a byte loop over them cost
      // ~70 us for a 50 KB conversation.
      i = closingQuote(bytes, i);
      if (i === -1) return deepest;
    } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
      depth--;
    }
  }
  return deepest;
}

/** Where the string opened at `open` ends, or -1 if it never does. */
function closingQuote(bytes: Uint8Array, open: number): number {
  let at = bytes.indexOf(QUOTE, open + 1);
  while (at !== -1) {
    let backslashes = 0;
    // The opening quote stops this walk: it is no backslash.
    while (bytes[at - 1 - backslashes] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return at;
    at = bytes.indexOf(QUOTE, at + 1);
  }
  return -1;
}
