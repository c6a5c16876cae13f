// Telling "the database (or Redis) is unreachable right now" from every other failure: the first
// is worth retrying (settlements) or answering with a 503 the client can retry (new calls); the
// second is a bug or bad data and must not be retried forever.

const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "57P01", // admin_shutdown: the server is restarting
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now: starting up
  "53300", // too_many_connections
  "P1001", // Prisma: can't reach the database server
  "P1002", // Prisma: the server timed out
  "P1008", // Prisma: operation timed out
  "P1017", // Prisma: the server closed the connection
  "P2024", // Prisma: timed out waiting for a pooled connection
]);

const CONNECTION_MESSAGES = [
  "Connection terminated",
  "connection error",
  "timeout exceeded when trying to connect",
  "Connection is closed",
  "Stream isn't writeable",
  "Command timed out",
  "Reached the max retries per request limit",
  "Cannot use a pool after calling end",
  "Server has closed the connection",
  "Can't reach database server",
];

/** True when the error (or one it wraps) says a data store could not be reached. */
export function isUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    if (e instanceof HoldsUnavailableError) return true;
    const { code, message, cause } = e as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof code === "string" && (CONNECTION_CODES.has(code) || code.startsWith("08"))) {
      return true;
    }
    if (typeof message === "string" && CONNECTION_MESSAGES.some((m) => message.includes(m))) {
      return true;
    }
    e = cause;
  }
  return false;
}

/** A hold could not be placed because its store is unreachable: the call is refused, retryably. */
export class HoldsUnavailableError extends Error {
  constructor(cause: unknown) {
    super("Balances cannot be reached right now", { cause });
    this.name = "HoldsUnavailableError";
  }
}
