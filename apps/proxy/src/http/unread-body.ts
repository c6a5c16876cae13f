// An answer sent before the request body was read in full (a refused key, a body over the limit)
// leaves the client still sending. Closing the socket at once would reset the connection, and a
// reset can destroy the answer before the client reads it; reading the rest would let anyone
// without a key make the proxy swallow endless bodies. So, like nginx's lingering close: the
// answer is followed by the end of our side of the connection, what still arrives is discarded,
// and the socket is closed when the client closes its side or after a short grace period.
import type { IncomingMessage, ServerResponse } from "node:http";

export const LINGER_MS = 2_000;

/** Call after the answer was sent (or queued); does nothing once the whole body was received. */
export function discardUnreadBody(
  req: IncomingMessage,
  res: ServerResponse,
  lingerMs = LINGER_MS,
): void {
  req.resume();
  if (req.complete) return;
  const socket = req.socket;
  const closeSoon = () => {
    if (req.complete || socket.destroyed) return;
    socket.end();
    const timer = setTimeout(() => socket.destroy(), lingerMs);
    socket.once("close", () => clearTimeout(timer));
  };
  if (res.writableFinished) closeSoon();
  else res.once("finish", closeSoon);
}
