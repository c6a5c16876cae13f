/** What a route sees: the body, path parameters and where the sim is reachable. */
export interface RouteInput {
  /** The parsed JSON body, unchecked: each route validates its own (undefined when empty). */
  body: unknown;
  params: Readonly<Record<string, string>>;
  /** e.g. "http://127.0.0.1:4010", from the Host header, for URLs the sim hands out. */
  origin: string;
  /** The ids GET /v1/models lists. */
  models: readonly string[];
  /** The body as received, and its content type (multipart uploads). */
  raw: Buffer;
  contentType: string | undefined;
  /** The query string's parameters (list pagination). */
  query: URLSearchParams;
}

/**
 * A route's answer, computed whole before anything is written: the server owns the wire
 * (latency, pacing, faults), routes only decide content.
 */
export type SimReply =
  | {
      kind: "json";
      body: unknown;
      status?: number;
      /** Tokens generated: a non-stream answer waits for them when tokens/s is set. */
      generatedTokens?: number;
    }
  | {
      kind: "stream";
      /** Each becomes one `data: {...}` event; `data: [DONE]` follows the last. */
      events: readonly unknown[];
      /**
       * Each event named (`event: <type>` before its data, as the Responses API frames them), and
       * no `[DONE]` after the last.
       */
      named?: boolean;
    }
  | { kind: "bytes"; contentType: string; body: Buffer };

export interface Route {
  method: "GET" | "POST" | "DELETE";
  /** Segments; one starting with ":" captures a path parameter. */
  path: string;
  /** Public routes skip the API key, faults and the request log (image downloads, health). */
  public?: boolean;
  /** Takes a body that is not JSON (multipart): `body` is then undefined, `raw` holds it. */
  rawBody?: boolean;
  /**
   * Reads a body that takes asynchronous work (a multipart form, an audio file's metadata); what
   * it returns is the `body` handle sees. Its refusals are thrown SimErrors, like handle's.
   */
  prepare?(input: RouteInput): Promise<unknown>;
  handle(input: RouteInput): SimReply;
}

export function matchPath(template: string, path: string): Record<string, string> | undefined {
  const want = template.split("/");
  const got = path.split("/");
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, segment] of want.entries()) {
    const actual = got[index];
    if (actual === undefined) return undefined;
    if (segment.startsWith(":")) {
      if (actual === "") return undefined;
      params[segment.slice(1)] = decodeURIComponent(actual);
    } else if (segment !== actual) {
      return undefined;
    }
  }
  return params;
}

/** Unix seconds, the unit of OpenAI's `created` fields. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
