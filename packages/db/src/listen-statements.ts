// Finds the LISTEN and UNLISTEN statements in a query string, as Postgres reads them: statements
// split on semicolons outside strings, quoted identifiers and comments; unquoted names folded to
// lower case, quoted ones kept exactly.

export type ListenAction =
  | { kind: "listen"; channel: string }
  | { kind: "unlisten"; channel: string }
  | { kind: "unlisten-all" };

const L = 0x6c;

/**
 * Whether the bytes can hold a LISTEN or UNLISTEN at all: a case-insensitive search for
 * "listen" that allocates nothing, so every other query pays one pass over its bytes.
 */
export function mayListen(bytes: Uint8Array, from: number): boolean {
  for (let i = from; i + 6 <= bytes.length; i++) {
    if (
      ((bytes[i] ?? 0) | 0x20) === L &&
      ((bytes[i + 1] ?? 0) | 0x20) === 0x69 &&
      ((bytes[i + 2] ?? 0) | 0x20) === 0x73 &&
      ((bytes[i + 3] ?? 0) | 0x20) === 0x74 &&
      ((bytes[i + 4] ?? 0) | 0x20) === 0x65 &&
      ((bytes[i + 5] ?? 0) | 0x20) === 0x6e
    ) {
      return true;
    }
  }
  return false;
}

type Token = { word: string } | { quoted: string } | { symbol: string };

/** The tokens of each statement, enough to recognise a statement's first two words. */
function statements(sql: string): Token[][] {
  const result: Token[][] = [];
  let current: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql.charAt(i);
    const next = sql.charAt(i + 1);
    if (/\s/.test(c)) {
      i++;
    } else if (c === "-" && next === "-") {
      const end = sql.indexOf("\n", i);
      i = end === -1 ? sql.length : end + 1;
    } else if (c === "/" && next === "*") {
      let depth = 1;
      i += 2;
      while (i < sql.length && depth > 0) {
        const pair = sql.slice(i, i + 2);
        depth += pair === "/*" ? 1 : pair === "*/" ? -1 : 0;
        i += pair === "/*" || pair === "*/" ? 2 : 1;
      }
    } else if (c === "'" || c === '"') {
      const last = current[current.length - 1];
      // E'...' strings take backslash escapes.
      const escapes = c === "'" && last !== undefined && "word" in last && /^e$/i.test(last.word);
      let text = "";
      i++;
      while (i < sql.length) {
        if (escapes && sql.charAt(i) === "\\") i++;
        else if (sql.charAt(i) === c) {
          if (sql.charAt(i + 1) !== c) break;
          i++; // a doubled quote stands for one
        }
        text += sql.charAt(i);
        i++;
      }
      i++;
      current.push(c === '"' ? { quoted: text } : { symbol: "'" });
    } else if (c === "$" && /^\$[A-Za-z_]?[A-Za-z0-9_]*\$/.test(sql.slice(i, i + 64))) {
      const tag = sql.slice(i).match(/^\$[A-Za-z_]?[A-Za-z0-9_]*\$/)?.[0] ?? "$$";
      const end = sql.indexOf(tag, i + tag.length);
      i = end === -1 ? sql.length : end + tag.length;
      current.push({ symbol: "$" });
    } else if (c === ";") {
      if (current.length > 0) result.push(current);
      current = [];
      i++;
    } else if (/[A-Za-z_\u0080-\uffff]/.test(c)) {
      let end = i + 1;
      while (end < sql.length && /[A-Za-z0-9_$\u0080-\uffff]/.test(sql.charAt(end))) end++;
      current.push({ word: sql.slice(i, end) });
      i = end;
    } else {
      current.push({ symbol: c });
      i++;
    }
  }
  if (current.length > 0) result.push(current);
  return result;
}

function channelOf(token: Token | undefined): string | undefined {
  if (!token) return undefined;
  if ("quoted" in token) return token.quoted;
  // Postgres folds unquoted identifiers to lower case (ASCII letters only).
  if ("word" in token) return token.word.replace(/[A-Z]+/g, (s) => s.toLowerCase());
  return undefined;
}

/** The LISTEN / UNLISTEN statements of a query string, in order. */
export function listenActions(sql: string): ListenAction[] {
  const actions: ListenAction[] = [];
  for (const tokens of statements(sql)) {
    const first = tokens[0];
    if (!first || !("word" in first) || tokens.length > 2) continue;
    const keyword = first.word.toLowerCase();
    const second = tokens[1];
    if (keyword === "unlisten" && second && "symbol" in second && second.symbol === "*") {
      actions.push({ kind: "unlisten-all" });
      continue;
    }
    const channel = channelOf(second);
    if (channel === undefined || channel === "") continue;
    if (keyword === "listen") actions.push({ kind: "listen", channel });
    else if (keyword === "unlisten") actions.push({ kind: "unlisten", channel });
  }
  return actions;
}
