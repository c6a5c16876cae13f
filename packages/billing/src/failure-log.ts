// Where the hot path reports failures it handles itself (a retried batch, a mirror left behind, a
// sweep that will run again). The proxy passes its logger; without one they go to the console.
// Shaped like pino's methods (context first) so a pino logger fits as it is.
export interface FailureLog {
  warn(context: Record<string, unknown>, message: string): void;
  error(context: Record<string, unknown>, message: string): void;
}

export const consoleFailureLog: FailureLog = {
  warn: (context, message) => console.warn(message, context),
  error: (context, message) => console.error(message, context),
};
