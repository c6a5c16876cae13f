// Server-sent events in the Responses API's framing: each names its type twice, as the SSE event
// and in the data, and carries a sequence number. The stream has no [DONE]: it ends after
// response.completed (or response.incomplete, response.failed).
export function responseEvent(type: string, sequence: number, data: Record<string, unknown>) {
  return `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: sequence, ...data })}\n\n`;
}

/** The event types that end a response stream. */
export const FINAL_EVENTS = new Set([
  "response.completed",
  "response.incomplete",
  "response.failed",
]);
