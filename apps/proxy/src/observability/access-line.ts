// The access line's writer: the same JSON line pino would write, through the same destination,
// without pino's per-line machinery. pino serializes value by value and checks serializers,
// hooks and redaction for every field; an access line is a flat object of strings and numbers,
// which JSON.stringify writes in one native call. And lines are gathered for up to
// FLUSH_AFTER_MS (or FLUSH_AT_CHARS) and reach the destination in one write: stdout is usually a
// pipe to a log shipper, and every write wakes that reader, which on small virtual machines cost
// the proxy more than the line itself. Written once per turn of the event loop, the lines still
// took ~13 us of every call under load; gathered like this, ~3 us. The exit hook writes what
// is gathered, so only a crash can lose lines, of the last 50 ms (the usage records keep every
// call regardless).
import { type Logger, symbols } from "pino";

export type AccessLevel = "info" | "warn";

export interface AccessLine {
  /** Whether a line of this level would be written at all. */
  enabled(level: AccessLevel): boolean;
  write(level: AccessLevel, fields: Record<string, unknown>, msg: string): void;
}

interface Destination {
  write(lines: string): unknown;
}

interface PinoInternals {
  [symbols.streamSym]: Destination;
  [symbols.chindingsSym]: string;
}

const FLUSH_AFTER_MS = 50;
const FLUSH_AT_CHARS = 64 * 1024;

/** Writers holding lines not yet written, written at once if the process exits first. */
const unflushed = new Set<() => void>();
process.once("exit", () => {
  for (const flush of unflushed) flush();
});

// Lines of the same millisecond share its ISO time, formatted once (half a microsecond each).
let isoAt = 0;
let iso = "";
function isoNow(): string {
  const now = Date.now();
  if (now !== isoAt) {
    isoAt = now;
    iso = new Date(now).toISOString();
  }
  return iso;
}

export function accessLineOf(logger: Logger): AccessLine {
  const internals = logger as unknown as PinoInternals;
  // `,"service":"relay-proxy"` and any other bindings, as pino writes them after the time.
  const bindings = internals[symbols.chindingsSym];
  const destination = internals[symbols.streamSym];
  let pending = "";
  let timer: NodeJS.Timeout | undefined;
  const flush = (): void => {
    unflushed.delete(flush);
    clearTimeout(timer);
    timer = undefined;
    const lines = pending;
    pending = "";
    if (lines !== "") destination.write(lines);
  };
  return {
    enabled: (level) => logger.isLevelEnabled(level),
    write(level, fields, msg) {
      const body = JSON.stringify(fields);
      pending += `{"level":"${level}","time":"${isoNow()}"${bindings}${body.length > 2 ? `,${body.slice(1, -1)}` : ""},"msg":${JSON.stringify(msg)}}\n`;
      if (pending.length >= FLUSH_AT_CHARS) flush();
      else if (timer === undefined) {
        unflushed.add(flush);
        // Unreferenced: the exit hook writes what is left, so the timer holds no process open.
        timer = setTimeout(flush, FLUSH_AFTER_MS).unref();
      }
    },
  };
}
