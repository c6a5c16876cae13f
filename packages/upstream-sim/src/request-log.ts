import type { IncomingHttpHeaders } from "node:http";

/** A request as the sim received it, for tests to check what a proxy forwarded. */
export interface RecordedRequest {
  method: string;
  /** The path without the query, e.g. "/v1/chat/completions". */
  path: string;
  /** The query string including "?", or "". */
  search: string;
  /** Lower-cased names, as node:http gives them; the Authorization header is kept on purpose. */
  headers: IncomingHttpHeaders;
  /** The parsed JSON body; undefined when empty or not JSON. */
  body: unknown;
  rawBody: string;
  /** Date.now() at arrival. */
  receivedAt: number;
}

export const DEFAULT_LOG_LIMIT = 100;

/**
 * Appends in place, dropping the oldest beyond `limit`: the array a test holds stays the live
 * log (and `requests.length = 0` empties it).
 */
export function recordRequest(log: RecordedRequest[], entry: RecordedRequest, limit: number): void {
  log.push(entry);
  if (log.length > limit) log.splice(0, log.length - limit);
}
