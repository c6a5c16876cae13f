// The seed service's envelope: every JSON answer carries "code" and "msg" beside the OpenAI
// object, 0 and "" on success, the HTTP status and the error's message on failure (OpenAI's
// `error` object stays as it is). Official SDKs ignore unknown fields. Which calls get them is
// decided per request: the platform's switch until a key is known, then the key's (which follows
// its tenant's, then the platform's). Streams and non-JSON answers never carry them, and an
// endpoint answering in another API's shape opts its requests out.
import { type IncomingMessage, STATUS_CODES } from "node:http";

// Kept on the request itself, under symbols of this module: a WeakMap entry per request costs
// every young-generation collection an ephemeron to trace, for objects that die young anyway.
const DECISION = Symbol("relay.codeMsg");
const OPTED_OUT = Symbol("relay.codeMsgOptedOut");

interface Decided {
  [DECISION]?: boolean;
  [OPTED_OUT]?: boolean;
}

/** Whether this request's JSON answers carry the fields (an opt-out wins over any later call). */
export function useCodeMsg(req: IncomingMessage, on: boolean): void {
  (req as Decided)[DECISION] = on;
}

/** This request is answered in a shape the fields do not belong in (e.g. Anthropic's). */
export function optOutOfCodeMsg(req: IncomingMessage): void {
  (req as Decided)[OPTED_OUT] = true;
}

/** The switch that applies to a key: its own, else its tenant's (in `codeMsg`), else the platform's. */
export function codeMsgFor(key: { codeMsg: boolean | null }, platform: boolean): boolean {
  return key.codeMsg ?? platform;
}

function applies(req: IncomingMessage | undefined): boolean {
  const decided = req as Decided | undefined;
  return decided !== undefined && decided[OPTED_OUT] !== true && decided[DECISION] === true;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function fields(status: number, body: Record<string, unknown>): { code: number; msg: string } {
  if (status < 400) return { code: 0, msg: "" };
  const error = body.error;
  const message = isObject(error) ? error.message : undefined;
  return {
    code: status,
    msg: typeof message === "string" ? message : (STATUS_CODES[status] ?? ""),
  };
}

/** A JSON body the proxy writes, with the fields when they apply. */
export function withCodeMsg(
  req: IncomingMessage | undefined,
  status: number,
  body: unknown,
): unknown {
  if (!applies(req) || !isObject(body)) return body;
  const { code, msg } = fields(status, body);
  // First, as the seed service shows them; ours win over any the body has.
  return Object.assign({ code, msg }, body, { code, msg });
}

/**
 * A relayed body (an upstream's JSON, already serialized) with the fields when they apply. The
 * usual object gets them spliced in after its opening brace, without a second serialization; a
 * body that is not a JSON object is returned as it came.
 */
export function codeMsgBytes(
  req: IncomingMessage | undefined,
  status: number,
  bytes: Buffer,
  parsed?: unknown,
): Buffer {
  if (!applies(req)) return bytes;
  let body = parsed;
  if (body === undefined) {
    try {
      body = JSON.parse(bytes.toString("utf8"));
    } catch {
      return bytes;
    }
  }
  if (!isObject(body)) return bytes;
  const open = bytes.indexOf("{");
  if (open === -1 || Object.keys(body).length === 0 || "code" in body || "msg" in body) {
    return Buffer.from(JSON.stringify(withCodeMsg(req, status, body)));
  }
  const { code, msg } = fields(status, body);
  return Buffer.concat([
    bytes.subarray(0, open + 1),
    Buffer.from(`"code":${code},"msg":${JSON.stringify(msg)},`),
    bytes.subarray(open + 1),
  ]);
}
