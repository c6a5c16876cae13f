// PGlite is one Postgres session, so a notification comes out in the answer to whichever
// connection committed it, never to the connection that ran LISTEN. This routes them as a real
// server would: it remembers which channels each connection listens to, takes each
// NotificationResponse out of the committing connection's answer (leaving it there only if that
// connection listens too) and writes it to every other listener once that answer is complete,
// so it never lands inside another message. The session itself listens to the union of every
// connection's channels: a connection's UNLISTEN also unlistens the session, so the union is
// listened to again as soon as no transaction or extended-query sequence is open.
// A LISTEN or UNLISTEN takes effect for routing when it runs: rolling it back does not undo it.
import type { PGlite } from "@electric-sql/pglite";
import { type ListenAction, listenActions, mayListen } from "./listen-statements.ts";
import { cstringEnd, quoteIdentifier, simpleQuery } from "./pglite-messages.ts";
import type { QueuedMessage, QueueObserver } from "./pglite-sequencing.ts";

const QUERY = 0x51; // 'Q'
const PARSE = 0x50; // 'P'
const SYNC = 0x53; // 'S'
const NOTIFICATION = 0x41; // 'A'

interface Connection {
  channels: Set<string>;
  /** Writes to the connection's socket (its latest message's writer). */
  write(data: Uint8Array): void;
}

interface Notification {
  channel: string;
  bytes: Uint8Array;
  sender: Connection | undefined;
}

const decoder = new TextDecoder();

/** The SQL text of a Query or Parse message, if it can hold a LISTEN or UNLISTEN. */
function listeningSql(message: Uint8Array): string | undefined {
  const type = message[0];
  if (type !== QUERY && type !== PARSE) return undefined;
  if (!mayListen(message, 5)) return undefined;
  const start = type === QUERY ? 5 : cstringEnd(message, 5) + 1; // Parse: skip the statement name
  return decoder.decode(message.subarray(start, cstringEnd(message, start)));
}

function int32(bytes: Uint8Array, at: number): number {
  return (
    ((bytes[at] ?? 0) << 24) |
    ((bytes[at + 1] ?? 0) << 16) |
    ((bytes[at + 2] ?? 0) << 8) |
    (bytes[at + 3] ?? 0)
  );
}

/**
 * Splits one message's answer into whole protocol messages only as far as needed to find the
 * NotificationResponses in it; everything else goes to the connection as it comes.
 */
class AnswerFilter {
  private target: (data: Uint8Array) => void = () => undefined;
  private sender: Connection | undefined;
  private header = new Uint8Array(5);
  private headerFill = 0;
  private left = 0; // bytes of the current message not yet seen
  private captured: Uint8Array | undefined;
  private capturedFill = 0;
  private capturing = false;
  readonly write = (chunk: Uint8Array): void => this.take(chunk);

  constructor(private readonly found: (n: Notification) => void) {}

  reset(target: (data: Uint8Array) => void, sender: Connection | undefined): void {
    this.target = target;
    this.sender = sender;
    this.headerFill = 0;
    this.left = 0;
    this.captured = undefined;
    this.capturing = false;
  }

  private take(chunk: Uint8Array): void {
    let pos = 0;
    let passFrom = 0;
    while (pos < chunk.length) {
      if (this.left > 0) {
        const n = Math.min(this.left, chunk.length - pos);
        this.captured?.set(chunk.subarray(pos, pos + n), this.capturedFill);
        this.capturedFill += n;
        pos += n;
        this.left -= n;
        if (this.left === 0 && this.capturing) passFrom = this.finishCapture(pos);
        continue;
      }
      if (this.headerFill === 0 && pos + 5 <= chunk.length && chunk[pos] !== NOTIFICATION) {
        this.left = int32(chunk, pos + 1) - 4; // the usual case: a whole header, skip the body
        pos += 5;
        continue;
      }
      if (this.headerFill === 0) {
        this.capturing = chunk[pos] === NOTIFICATION;
        if (this.capturing && pos > passFrom) this.target(chunk.subarray(passFrom, pos));
      }
      this.header[this.headerFill++] = chunk[pos++] ?? 0;
      if (this.headerFill < 5) continue;
      this.headerFill = 0;
      const length = int32(this.header, 1);
      this.left = length - 4;
      if (this.capturing) {
        // Copied: the chunk is a view of PGlite's memory, reused by the next message.
        this.captured = new Uint8Array(length + 1);
        this.captured.set(this.header);
        this.capturedFill = 5;
        if (this.left === 0) passFrom = this.finishCapture(pos);
      }
    }
    if (this.capturing) return; // the rest of the chunk belongs to a notification
    if (passFrom === 0) this.target(chunk);
    else if (passFrom < chunk.length) this.target(chunk.subarray(passFrom));
  }

  private finishCapture(pos: number): number {
    const bytes = this.captured;
    this.captured = undefined;
    this.capturing = false;
    if (bytes) {
      const channel = decoder.decode(bytes.subarray(9, cstringEnd(bytes, 9)));
      // The sender hears its own notification where Postgres puts it: before ReadyForQuery.
      if (this.sender?.channels.has(channel)) this.target(bytes);
      this.found({ channel, bytes, sender: this.sender });
    }
    return pos;
  }
}

export class NotificationRouter implements QueueObserver {
  private readonly connections = new Map<number, Connection>();
  private readonly listeners = new Map<string, Set<Connection>>();
  /** Every channel the session may be listening to; answers are filtered while any is. */
  private readonly session = new Set<string>();
  private sessionOutOfStep = false;
  private touched = false; // the running message listens or unlistens
  private readonly pending: Notification[] = [];
  private readonly filter = new AnswerFilter((n) => this.pending.push(n));

  constructor(private readonly db: PGlite) {}

  start(entry: QueuedMessage): (data: Uint8Array) => void {
    const sql = listeningSql(entry.message);
    if (sql !== undefined) {
      const actions = listenActions(sql);
      if (actions.length > 0) this.apply(entry, actions);
    }
    const type = entry.message[0];
    // Only the answers that end in ReadyForQuery carry notifications.
    if (this.session.size === 0 || (type !== QUERY && type !== SYNC)) return entry.onData;
    this.filter.reset(entry.onData, this.connections.get(entry.handlerId));
    return this.filter.write;
  }

  finish(midSequence: boolean): Promise<void> | undefined {
    if (this.pending.length > 0) this.deliver();
    if (this.touched) {
      this.touched = false;
      // Inside a transaction the session's LISTEN waits for a commit that may never come.
      if (this.db.isInTransaction()) this.sessionOutOfStep = true;
    }
    if (!this.sessionOutOfStep || midSequence || this.db.isInTransaction()) return undefined;
    return this.listenToUnion();
  }

  disconnected(handlerId: number): void {
    const connection = this.connections.get(handlerId);
    if (!connection) return;
    this.connections.delete(handlerId);
    for (const channel of connection.channels) this.listeners.get(channel)?.delete(connection);
    this.sessionOutOfStep = true; // its channels may have no listener left
  }

  private apply(entry: QueuedMessage, actions: ListenAction[]): void {
    let connection = this.connections.get(entry.handlerId);
    if (!connection) {
      connection = { channels: new Set(), write: entry.onData };
      this.connections.set(entry.handlerId, connection);
    }
    connection.write = entry.onData;
    for (const action of actions) {
      if (action.kind === "listen") {
        connection.channels.add(action.channel);
        this.session.add(action.channel);
        const set = this.listeners.get(action.channel) ?? new Set();
        this.listeners.set(action.channel, set.add(connection));
      } else {
        const dropped = action.kind === "unlisten" ? [action.channel] : [...connection.channels];
        for (const channel of dropped) {
          connection.channels.delete(channel);
          this.listeners.get(channel)?.delete(connection);
        }
        this.sessionOutOfStep = true;
      }
    }
    this.touched = true;
  }

  private deliver(): void {
    for (const { channel, bytes, sender } of this.pending) {
      const listening = this.listeners.get(channel);
      if (!listening) continue;
      for (const connection of listening) {
        if (connection !== sender) connection.write(bytes);
      }
    }
    this.pending.length = 0;
  }

  /** Makes the session listen to exactly the channels some connection listens to. */
  private async listenToUnion(): Promise<void> {
    this.sessionOutOfStep = false;
    const statements: string[] = [];
    for (const [channel, set] of this.listeners) {
      if (set.size > 0) statements.push(`LISTEN ${quoteIdentifier(channel)}`);
      else this.listeners.delete(channel);
    }
    for (const channel of this.session) {
      if (!this.listeners.has(channel)) statements.push(`UNLISTEN ${quoteIdentifier(channel)}`);
    }
    this.session.clear();
    for (const channel of this.listeners.keys()) this.session.add(channel);
    if (statements.length === 0) return;
    this.filter.reset(() => undefined, undefined);
    const message = simpleQuery(statements.join("; "));
    await this.db.runExclusive(() =>
      this.db.execProtocolRawStream(message, { onRawData: this.filter.write }),
    );
    if (this.pending.length > 0) this.deliver();
  }
}
