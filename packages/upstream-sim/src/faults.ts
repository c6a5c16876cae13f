import type { IncomingHttpHeaders } from "node:http";
import { SimError } from "./errors.ts";

/** What a test can switch on. Several may be combined in one spec. */
export interface FaultSpec {
  /** Answer with this HTTP status in OpenAI's error shape (e.g. 500, 429, 503). */
  status?: number;
  /** `retry-after` on a 429, in seconds (default 1). */
  retryAfterSeconds?: number;
  /** Destroy the socket: after `afterChunks` events of a stream, or before any byte otherwise. */
  resetMidStream?: boolean;
  /** Stream events written before the reset (default 1). */
  afterChunks?: number;
  /** Extra wait before the first byte, on top of the configured latency. */
  slowFirstByteMs?: number;
  /** End a stream after its last event without `data: [DONE]` (a truncated upstream). */
  omitDone?: boolean;
  /** How many requests the switch affects before it turns itself off (default: all). */
  times?: number;
}

/** The fault one request suffers, resolved from a switch or from its x-sim-* headers. */
export interface RequestFault {
  status?: number;
  retryAfterSeconds: number;
  resetAfterChunks?: number;
  slowFirstByteMs: number;
  omitDone: boolean;
}

/** `x-sim-fault: slow` without a number waits this long. */
export const DEFAULT_SLOW_MS = 1000;

function toRequestFault(spec: FaultSpec): RequestFault {
  return {
    status: spec.status,
    retryAfterSeconds: spec.retryAfterSeconds ?? 1,
    resetAfterChunks: spec.resetMidStream ? (spec.afterChunks ?? 1) : undefined,
    slowFirstByteMs: spec.slowFirstByteMs ?? 0,
    omitDone: spec.omitDone ?? false,
  };
}

function check(spec: FaultSpec): void {
  const { status, times, afterChunks, slowFirstByteMs, retryAfterSeconds } = spec;
  if (status !== undefined && (!Number.isInteger(status) || status < 400 || status > 599)) {
    throw new RangeError(`fault status must be an HTTP error status (400-599), got ${status}`);
  }
  for (const [name, value] of Object.entries({
    times,
    afterChunks,
    slowFirstByteMs,
    retryAfterSeconds,
  })) {
    if (value !== undefined && (!Number.isInteger(value) || value < 0)) {
      throw new RangeError(`fault ${name} must be a non-negative integer, got ${value}`);
    }
  }
}

/**
 * One server's fault switch. `set` replaces whatever was armed; each request that reaches an
 * endpoint (past the API-key check) uses up one of `times`.
 */
export class FaultSwitches {
  #armed: { spec: FaultSpec; remaining: number } | undefined;

  set(spec: FaultSpec): void {
    check(spec);
    this.#armed = { spec: { ...spec }, remaining: spec.times ?? Number.POSITIVE_INFINITY };
  }

  clear(): void {
    this.#armed = undefined;
  }

  /** The armed spec with the uses it has left, or undefined. */
  get current(): (FaultSpec & { remaining: number }) | undefined {
    return this.#armed && { ...this.#armed.spec, remaining: this.#armed.remaining };
  }

  /** The fault for the next request, using one up. */
  take(): RequestFault | undefined {
    const armed = this.#armed;
    if (!armed || armed.remaining <= 0) return undefined;
    armed.remaining -= 1;
    if (armed.remaining <= 0) this.#armed = undefined;
    return toRequestFault(armed.spec);
  }
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function badHeader(name: string, value: string): SimError {
  const what = name.startsWith("x-") ? `${name} header` : name;
  return new SimError(400, `Invalid ${what}: '${value}'.`, { param: name });
}

/**
 * A fault asked for by the request itself: `x-sim-fault: 500 | 429 | reset[:chunks] |
 * slow[:ms] | nodone`. It applies to that request only and leaves the switch untouched.
 */
export function faultFromHeaders(headers: IncomingHttpHeaders): RequestFault | undefined {
  return parseFault("x-sim-fault", header(headers, "x-sim-fault"));
}

/**
 * The same, carried in the JSON body as `metadata.sim_fault`, for requests that reach the
 * simulator through a gateway which does not forward client headers. Read only when the
 * simulator is started with `bodyFaults`.
 */
export function faultFromBody(body: unknown): RequestFault | undefined {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return undefined;
  const metadata = (body as { metadata?: unknown }).metadata;
  if (metadata === null || typeof metadata !== "object" || Array.isArray(metadata)) {
    return undefined;
  }
  const value = (metadata as { sim_fault?: unknown }).sim_fault;
  return typeof value === "string" ? parseFault("metadata.sim_fault", value) : undefined;
}

function parseFault(name: string, raw: string | undefined): RequestFault | undefined {
  const value = raw?.trim();
  if (value === undefined || value === "") return undefined;
  const [kind = "", arg] = value.split(":");
  const number = arg === undefined ? undefined : Number(arg);
  if (number !== undefined && (!Number.isInteger(number) || number < 0)) {
    throw badHeader(name, value);
  }
  if (/^\d{3}$/.test(kind)) {
    const spec = { status: Number(kind) };
    try {
      check(spec);
    } catch {
      throw badHeader(name, value);
    }
    return toRequestFault(spec);
  }
  if (kind === "reset") return toRequestFault({ resetMidStream: true, afterChunks: number ?? 1 });
  if (kind === "slow") return toRequestFault({ slowFirstByteMs: number ?? DEFAULT_SLOW_MS });
  if (kind === "nodone" && arg === undefined) return toRequestFault({ omitDone: true });
  throw badHeader(name, value);
}

/**
 * A non-negative integer header, e.g. `x-sim-latency-ms` (this request's delay before the
 * first byte) or `x-sim-tokens-per-second` (its pacing), replacing the server's default.
 */
export function integerHeader(headers: IncomingHttpHeaders, name: string): number | undefined {
  const value = header(headers, name);
  if (value === undefined) return undefined;
  const number = Number(value);
  if (value.trim() === "" || !Number.isInteger(number) || number < 0) {
    throw badHeader(name, value);
  }
  return number;
}
