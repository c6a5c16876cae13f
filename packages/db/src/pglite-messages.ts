// Pieces of the Postgres wire protocol that the embedded server's queue reads and writes.

const QUERY = "Q".charCodeAt(0);
const PARSE = "P".charCodeAt(0);
const encoder = new TextEncoder();

/** Where the NUL-terminated string starting at `from` ends (the NUL's index). */
export function cstringEnd(bytes: Uint8Array, from: number): number {
  const end = bytes.indexOf(0, from);
  return end === -1 ? bytes.length : end;
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A simple-protocol Query message ('Q', length, SQL NUL). */
export function simpleQuery(sql: string): Uint8Array {
  const text = encoder.encode(sql);
  const message = new Uint8Array(text.length + 6);
  message[0] = QUERY;
  new DataView(message.buffer).setInt32(1, text.length + 5);
  message.set(text, 5);
  return message;
}

/** The statement name of a Parse message ('P', length, name NUL, ...); "" for the unnamed one. */
export function parsedStatementName(message: Uint8Array): string {
  if (message[0] !== PARSE) return "";
  return Buffer.from(message.subarray(5, cstringEnd(message, 5))).toString("utf8");
}
