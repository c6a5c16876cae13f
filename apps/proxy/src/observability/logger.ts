// The proxy's logger: pino, one JSON object per line on stdout, written asynchronously so a call
// never waits on the terminal or a log shipper. For people at a terminal (or LOG_PRETTY=1),
// pino-pretty formats the lines in a worker thread instead.
import { type DestinationStream, type Logger, pino } from "pino";

export type { Logger };

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LoggerOptions {
  level?: LogLevel;
  /** Human-readable lines through pino-pretty (LOG_PRETTY, or stdout is a terminal). */
  pretty?: boolean;
  /** Where the JSON lines go (tests pass a stream); stdout by default. */
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const settings = {
    level: options.level ?? "info",
    base: { service: "relay-proxy" },
    // "level":"info" and an ISO time: what log search tools and people read without a table.
    formatters: { level: (label: string) => ({ level: label }) },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Nothing the proxy logs carries a secret by design; this is the net under a careless error.
    redact: {
      paths: ["authorization", "*.authorization", "headers.authorization", "apiKey", "*.apiKey"],
      censor: "[redacted]",
    },
  };
  if (options.destination) return pino(settings, options.destination);
  if (options.pretty) {
    return pino({
      ...settings,
      transport: {
        target: "pino-pretty",
        options: { translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname,service" },
      },
    });
  }
  // Asynchronous writes: a line waits for nothing but the writes before it (access lines come
  // gathered, access-line.ts). What is buffered is flushed when the process exits.
  return pino(settings, pino.destination({ dest: 1, sync: false }));
}

let fallback: Logger | undefined;

/** For a proxy built without a logger (tests, scripts): warnings and errors on stdout. */
export function defaultLogger(): Logger {
  fallback ??= createLogger({ level: "warn" });
  return fallback;
}
