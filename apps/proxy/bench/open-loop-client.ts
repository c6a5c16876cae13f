// The open loop's HTTP client: the same request, over and over, on keep-alive connections of its
// own, written as prebuilt bytes and read with a parser that looks only at what the probe needs
// (status, x-request-id, where the answer ends). The load process shares two cores with what it
// measures: undici cost it about twice the CPU per call that autocannon's raw client does at the
// same rate, and every microsecond it spends there is queueing it adds to the figures of the
// targets, most to whichever keeps the machine busiest.
import { connect, type Socket } from "node:net";

export interface OpenLoopRequest {
  origin: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** How one call ended: the status and x-request-id of its answer, or why there was none. */
export type CallDone = (status: number, requestId: string | undefined, error?: Error) => void;

const HEAD_END = Buffer.from("\r\n\r\n");
const LINE_END = Buffer.from("\r\n");

/** The request as bytes on the wire, built once. */
export function requestBytes(request: OpenLoopRequest): Buffer {
  const url = new URL(request.origin);
  const body = Buffer.from(request.body, "utf8");
  const lines = [`POST ${request.path} HTTP/1.1`, `host: ${url.host}`];
  const headers: Record<string, string> = {
    "content-type": "application/json",
    ...request.headers,
    "content-length": String(body.length),
  };
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  return Buffer.concat([Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1"), body]);
}

interface Head {
  status: number;
  requestId: string | undefined;
  /** Where the body starts in the buffer. */
  bodyAt: number;
  /** Body length when given; undefined when chunked or delimited by the connection's close. */
  length: number | undefined;
  chunked: boolean;
  close: boolean;
}

function parseHead(buffer: Buffer, end: number): Head {
  const text = buffer.toString("latin1", 0, end);
  const lines = text.split("\r\n");
  const statusLine = lines[0] ?? "";
  const status = Number(statusLine.slice(9, 12));
  if (!statusLine.startsWith("HTTP/1.") || !Number.isInteger(status)) {
    throw new Error(`not an HTTP/1.x answer: ${JSON.stringify(statusLine.slice(0, 40))}`);
  }
  const head: Head = {
    status,
    requestId: undefined,
    bodyAt: end + 4,
    length: undefined,
    chunked: false,
    close: statusLine.startsWith("HTTP/1.0"),
  };
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === "content-length") head.length = Number(value);
    else if (name === "transfer-encoding") head.chunked = value.toLowerCase().includes("chunked");
    else if (name === "x-request-id") head.requestId = value;
    else if (name === "connection") head.close = value.toLowerCase().includes("close");
  }
  if (head.chunked) head.length = undefined;
  // No body at all for these, whatever the headers say.
  if (status === 204 || status === 304 || (status >= 100 && status < 200)) head.length = 0;
  return head;
}

/**
 * Where a chunked body that starts at `from` ends (the offset after its last CRLF), or -1 if the
 * buffer does not hold all of it yet.
 */
export function chunkedEnd(buffer: Buffer, from: number): number {
  let at = from;
  for (;;) {
    const lineEnd = buffer.indexOf(LINE_END, at);
    if (lineEnd === -1) return -1;
    const size = Number.parseInt(buffer.toString("latin1", at, lineEnd).split(";")[0] ?? "", 16);
    if (!Number.isFinite(size) || size < 0) throw new Error("malformed chunk size");
    if (size === 0) {
      // The last chunk, then trailers (usually none), then an empty line.
      if (buffer.length < lineEnd + 4) return -1;
      if (buffer[lineEnd + 2] === 13 && buffer[lineEnd + 3] === 10) return lineEnd + 4;
      const trailersEnd = buffer.indexOf(HEAD_END, lineEnd + 2);
      return trailersEnd === -1 ? -1 : trailersEnd + 4;
    }
    const next = lineEnd + 2 + size + 2;
    if (buffer.length < next) return -1;
    at = next;
  }
}

/** One keep-alive connection answering one call at a time. */
class Connection {
  private readonly socket: Socket;
  private buffer: Buffer = Buffer.alloc(0);
  private head: Head | undefined;
  private done: CallDone | undefined;
  dead = false;
  /** When it last came free (performance.now()). */
  idleSince = 0;

  constructor(
    origin: URL,
    private readonly free: (connection: Connection) => void,
    private readonly lost: (connection: Connection) => void,
  ) {
    this.socket = connect({ host: origin.hostname, port: Number(origin.port || 80) });
    this.socket.setNoDelay(true);
    this.socket.on("data", (chunk: Buffer) => this.read(chunk));
    this.socket.on("error", (error) => this.end(error));
    this.socket.on("close", () => this.end(new Error("connection closed")));
  }

  /** Sends the call (written once connected, if it is not yet). */
  send(bytes: Buffer, done: CallDone): void {
    this.done = done;
    this.socket.write(bytes);
  }

  close(): void {
    this.dead = true;
    this.socket.destroy();
  }

  private read(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    try {
      if (!this.head) {
        const end = this.buffer.indexOf(HEAD_END);
        if (end === -1) return;
        this.head = parseHead(this.buffer, end);
      }
      const head = this.head;
      let end: number;
      if (head.length !== undefined) {
        end = head.bodyAt + head.length;
        if (this.buffer.length < end) return;
      } else if (head.chunked) {
        end = chunkedEnd(this.buffer, head.bodyAt);
        if (end === -1) return;
      } else {
        // Delimited by the connection's close: finished in end().
        return;
      }
      this.finish(head, head.close);
      this.buffer = this.buffer.subarray(end);
    } catch (error) {
      this.end(error instanceof Error ? error : new Error(String(error)));
      this.socket.destroy();
    }
  }

  private finish(head: Head, close: boolean): void {
    const done = this.done;
    this.done = undefined;
    this.head = undefined;
    if (close) {
      this.dead = true;
      this.socket.destroy();
      this.lost(this);
    } else this.free(this);
    done?.(head.status, head.status < 300 ? head.requestId : undefined);
  }

  private end(error: Error): void {
    if (this.dead && !this.done) return;
    const head = this.head;
    // An answer delimited by the close is complete now.
    if (head && head.length === undefined && !head.chunked && this.done) {
      this.finish(head, true);
      return;
    }
    this.dead = true;
    const done = this.done;
    this.done = undefined;
    this.lost(this);
    done?.(0, undefined, error);
  }
}

/**
 * Calls the target on up to `maxConnections` keep-alive connections, opened as calls need them; a
 * call due while every connection is busy waits for the first to come free (its latency, taken
 * from when it was due, includes that wait).
 */
export class OpenLoopClient {
  private readonly origin: URL;
  private readonly bytes: Buffer;
  private readonly idle: Connection[] = [];
  private readonly all = new Set<Connection>();
  private readonly waiting: CallDone[] = [];
  private waitingAt = 0;

  constructor(
    request: OpenLoopRequest,
    private readonly maxConnections = 256,
    /** Idle connections older than this are not reused: below Node's default keep-alive, 5 s. */
    private readonly idleLimitMs = 3_000,
  ) {
    this.origin = new URL(request.origin);
    this.bytes = requestBytes(request);
  }

  call(done: CallDone): void {
    const connection = this.takeIdle() ?? this.open();
    if (connection) connection.send(this.bytes, done);
    else this.waiting.push(done);
  }

  close(): void {
    for (const connection of this.all) connection.close();
    this.all.clear();
    this.idle.length = 0;
  }

  private open(): Connection | undefined {
    if (this.all.size >= this.maxConnections) return undefined;
    const connection = new Connection(
      this.origin,
      (free) => this.release(free),
      (lost) => this.forget(lost),
    );
    this.all.add(connection);
    return connection;
  }

  private release(connection: Connection): void {
    const next = this.takeWaiting();
    if (next) connection.send(this.bytes, next);
    else {
      connection.idleSince = performance.now();
      this.idle.push(connection);
    }
  }

  /**
   * The most recently freed connection, skipping any idle for longer than a server may keep it
   * (Node's default keep-alive is 5 s): one it is closing as the call is written fails the call.
   */
  private takeIdle(): Connection | undefined {
    for (;;) {
      const connection = this.idle.pop();
      if (!connection || performance.now() - connection.idleSince < this.idleLimitMs) {
        return connection;
      }
      this.all.delete(connection);
      connection.close();
    }
  }

  private forget(connection: Connection): void {
    this.all.delete(connection);
    const at = this.idle.indexOf(connection);
    if (at !== -1) this.idle.splice(at, 1);
    // A call waiting for a connection gets a new one (there is room: this one just left).
    if (this.waitingAt < this.waiting.length) {
      const fresh = this.open();
      const next = fresh && this.takeWaiting();
      if (fresh && next) fresh.send(this.bytes, next);
    }
  }

  /** The oldest waiting call (a queue read from the front without shifting the array). */
  private takeWaiting(): CallDone | undefined {
    if (this.waitingAt >= this.waiting.length) return undefined;
    const next = this.waiting[this.waitingAt];
    this.waitingAt++;
    if (this.waitingAt === this.waiting.length) {
      this.waiting.length = 0;
      this.waitingAt = 0;
    }
    return next;
  }
}
