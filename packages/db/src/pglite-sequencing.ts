// PGlite is one Postgres session; pglite-socket multiplexes many client connections onto it by
// queueing their protocol messages. Out of the box (0.2.17) it keeps a connection's messages
// together only inside a transaction, so the extended-query messages of two connections
// (Parse/Bind/Execute ... Sync, sent by `pg` for every parameterised query) can interleave and
// one connection's unnamed statement runs with another's parameters: wrong rows, silently. It
// also stops processing for good after a failed message. This replaces its queue loop with one
// that also keeps each extended-query sequence together until its Sync, and never stalls.
// Named prepared statements live in that one session too, not in their connection: those a
// connection prepared are deallocated when it leaves, as a server would, or every reconnecting
// pool would leave its statements behind for good. It reaches into the library's private fields:
// the version is pinned in the catalog.
import type { PGlite } from "@electric-sql/pglite";
import type { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { parsedStatementName, quoteIdentifier, simpleQuery } from "./pglite-messages.ts";

export interface QueuedMessage {
  handlerId: number;
  message: Uint8Array;
  resolve(bytes: number): void;
  reject(error: unknown): void;
  onData(data: Uint8Array): void;
}

/** Sees each message the queue runs and its answer. */
export interface QueueObserver {
  /** Before the message runs: where its answer goes (the connection's own writer, or a filter). */
  start(entry: QueuedMessage): (data: Uint8Array) => void;
  /** After it ran, when no connection is inside a message; may run statements of its own. */
  finish(midSequence: boolean): Promise<void> | undefined;
  disconnected(handlerId: number): void;
}

interface QueueInternals {
  queue: QueuedMessage[];
  processing: boolean;
  lastHandlerId: number | null;
  processQueue(): Promise<void>;
  clearTransactionIfNeeded(handlerId: number): Promise<void>;
}

// Extended-query messages that leave a sequence open until Sync ('S').
const SEQUENCE_MESSAGES = new Set(["P", "B", "D", "E", "C", "H"].map((c) => c.charCodeAt(0)));
// Those whose answers wait for the rest of their sequence: a client reads nothing before its Sync
// or Flush ('H') is answered, so the whole sequence's answers go out in one write.
const HELD_ANSWERS = new Set(["P", "B", "D", "E", "C"].map((c) => c.charCodeAt(0)));
// A large result is not held whole: past this much it goes out as it comes, like a server's.
const HOLD_AT_MOST = 256 * 1024;

export function keepProtocolSequencesTogether(
  server: PGLiteSocketServer,
  db: PGlite,
  observer?: QueueObserver,
): void {
  const queue = (server as unknown as { queryQueue: QueueInternals }).queryQueue;
  let midSequence = false;
  /** Named statements by the connection that prepared them. */
  const prepared = new Map<number, Set<string>>();
  /** Statements of connections that left, deallocated between two sequences. */
  let leftBehind: string[] = [];
  /**
   * Answers of the open sequence's messages not yet written (copies: PGlite reuses its buffer).
   * A sequence's answers used to go out a message at a time, four writes for one prepared
   * statement, each waking the client; held for the Sync, they wake it once.
   */
  let held: Uint8Array[] = [];
  let heldBytes = 0;

  /** Everything held, and `data` after it, in one write through `answer`. */
  function release(answer: (data: Uint8Array) => void, data?: Uint8Array): void {
    if (data) held.push(data);
    const all = held.length === 1 ? held[0] : Buffer.concat(held);
    held = [];
    heldBytes = 0;
    if (all) answer(all);
  }

  /** Whether statements of departed connections wait and can be deallocated now. */
  function mayDeallocate(): boolean {
    return leftBehind.length > 0 && !midSequence && !db.isInTransaction();
  }

  async function deallocateLeftBehind(): Promise<void> {
    const names = leftBehind;
    leftBehind = [];
    for (const name of names) {
      // One that failed to prepare does not exist: nothing to do.
      const message = simpleQuery(`DEALLOCATE ${quoteIdentifier(name)}`);
      await db
        .runExclusive(() => db.execProtocolRawStream(message, { onRawData: () => undefined }))
        .catch(() => undefined);
    }
  }

  queue.processQueue = async function processQueue(): Promise<void> {
    if (queue.processing) return;
    queue.processing = true;
    try {
      // Never after the loop: a message queued while this one awaits is seen only by the loop.
      if (mayDeallocate()) await deallocateLeftBehind();
      while (queue.queue.length > 0) {
        let entry: QueuedMessage | undefined;
        if ((midSequence || db.isInTransaction()) && queue.lastHandlerId !== null) {
          const index = queue.queue.findIndex((m) => m.handlerId === queue.lastHandlerId);
          if (index === -1) break; // wait for that connection's next message
          entry = queue.queue.splice(index, 1)[0];
        } else {
          entry = queue.queue.shift();
        }
        if (!entry) break;
        const current = entry;
        const statement = parsedStatementName(current.message);
        if (statement) {
          const names = prepared.get(current.handlerId) ?? new Set<string>();
          names.add(statement);
          prepared.set(current.handlerId, names);
        }
        const answer = observer ? observer.start(current) : current.onData;
        const type = current.message[0] ?? 0;
        const hold = HELD_ANSWERS.has(type);
        let bytes = 0;
        try {
          await db.runExclusive(() =>
            db.execProtocolRawStream(current.message, {
              onRawData: (data: Uint8Array) => {
                bytes += data.length;
                if (hold && heldBytes + data.length <= HOLD_AT_MOST) {
                  held.push(data.slice());
                  heldBytes += data.length;
                } else if (held.length > 0) release(answer, data);
                else answer(data);
              },
            }),
          );
          // A message answering nothing (Flush, or a Sync past an error) still ends the wait.
          if (!hold && held.length > 0) release(answer);
          queue.lastHandlerId = current.handlerId;
          midSequence = SEQUENCE_MESSAGES.has(type);
          current.resolve(bytes);
        } catch (error) {
          midSequence = false;
          held = [];
          heldBytes = 0;
          current.reject(error);
        }
        const after = observer?.finish(midSequence);
        // A failed resync must not stall the queue; the next UNLISTEN or disconnect retries it.
        if (after) await after.catch(() => undefined);
        if (mayDeallocate()) await deallocateLeftBehind();
      }
    } finally {
      queue.processing = false;
    }
  };

  const clear = queue.clearTransactionIfNeeded.bind(queue);
  queue.clearTransactionIfNeeded = async (handlerId: number) => {
    // A connection that leaves mid-sequence must not hold the others back.
    if (queue.lastHandlerId === handlerId) {
      midSequence = false;
      held = [];
      heldBytes = 0;
    }
    observer?.disconnected(handlerId);
    const names = prepared.get(handlerId);
    if (names) {
      prepared.delete(handlerId);
      leftBehind.push(...names);
    }
    await clear(handlerId);
    void queue.processQueue();
  };
}
