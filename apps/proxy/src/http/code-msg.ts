// The seed service's envelope: every JSON answer carries "code" and "msg" beside the OpenAI
// object, 0 and "" on success, the HTTP status and the error's message on failure (OpenAI's
// `error` object stays as it is). Official SDKs ignore unknown fields. Which calls get them is
// decided per request: the platform's switch until a key is known, then the key's (which follows
// its tenant's, then the platform's). Streams and non-JSON answers never carry them, and an
// endpoint answering in another API's shape opts its requests out.
import { type IncomingMessage, STATUS_CODES } from "node:http";

const decisions = new WeakMap<IncomingMessage, boolean>();
const optedOut = new WeakSet<IncomingMessage>();

/** Whether this request's JSON answers carry the fields (an opt-out wins over any later call). */
export function useCodeMsg(req: IncomingMessage, on: boolean): void {
  decisions.set(req, on);
}

/** This request is answered in a shape the fields do not belong in (e.g. Anthropic's). */
export function optOutOfCodeMsg(req: IncomingMessage): void {
  optedOut.add(req);
}

/** The switch that applies to a key: its own, else its tenant's (in `codeMsg`), else the platform's. */
export function codeMsgFor(key: { codeMsg: boolean | null }, platform: boolean): boolean {
  return key.codeMsg ?? platform;
}

function applies(req: IncomingMessage | undefined): boolean {
  return req !== undefined && !optedOut.has(req) && decisions.get(req) === true;
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
