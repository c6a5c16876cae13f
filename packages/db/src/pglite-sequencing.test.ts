import { type Socket, connect as tcpConnect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmbeddedPostgres, startEmbeddedPostgres } from "./embedded.ts";

// A sequence of extended-query messages is answered the way a server answers it: nothing before
// its Sync or Flush, then everything in one write, so the client wakes once per query.
let embedded: EmbeddedPostgres;

beforeAll(async () => {
  embedded = await startEmbeddedPostgres();
});
afterAll(async () => {
  await embedded.stop();
});

/** A bare protocol connection: sends bytes and collects every chunk that arrives, as it came. */
class Wire {
  readonly chunks: Buffer[] = [];
  private waiters: (() => void)[] = [];
  private constructor(private readonly socket: Socket) {
    socket.on("data", (chunk: Buffer) => {
      this.chunks.push(chunk);
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  static async open(port: number): Promise<Wire> {
    const socket = tcpConnect(port, "127.0.0.1");
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("error", reject);
    });
    const wire = new Wire(socket);
    const params = Buffer.from("user\0postgres\0database\0postgres\0\0");
    const startup = Buffer.alloc(8);
    startup.writeInt32BE(8 + params.length, 0);
    startup.writeInt32BE(196608, 4); // protocol 3.0
    wire.send(Buffer.concat([startup, params]));
    await wire.until("Z");
    // PGlite reports its parameters (ParameterStatus) with the first answer after the startup.
    wire.chunks.length = 0;
    wire.send(message("Q", cstring("SELECT 1")));
    await wire.until("Z");
    wire.chunks.length = 0;
    return wire;
  }

  send(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** The types of the messages received so far, in order. */
  types(): string {
    const all = Buffer.concat(this.chunks);
    let types = "";
    for (let at = 0; at + 5 <= all.length; at += 1 + all.readInt32BE(at + 1)) {
      types += String.fromCharCode(all[at] ?? 0);
    }
    return types;
  }

  async until(type: string, timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.types().includes(type)) {
      if (Date.now() > deadline) throw new Error(`no '${type}' message; got '${this.types()}'`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  close(): void {
    this.socket.destroy();
  }
}

function message(type: string, body: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header.write(type, 0);
  header.writeInt32BE(4 + body.length, 1);
  return Buffer.concat([header, body]);
}

const cstring = (text: string) => Buffer.from(`${text}\0`);
const parse = (sql: string) => message("P", Buffer.concat([cstring(""), cstring(sql), zero(2)]));
const bind = () => message("B", Buffer.concat([cstring(""), cstring(""), zero(6)]));
const describePortal = () => message("D", Buffer.concat([Buffer.from("P"), cstring("")]));
const execute = () => message("E", Buffer.concat([cstring(""), zero(4)]));
const sync = () => message("S", Buffer.alloc(0));
const flush = () => message("H", Buffer.alloc(0));
const zero = (n: number) => Buffer.alloc(n);

describe("extended-query sequences on the embedded database", () => {
  it("answer a whole sequence in one write, ending with ReadyForQuery", async () => {
    const wire = await Wire.open(embedded.port);
    wire.send(Buffer.concat([parse("SELECT 41 + 1 AS n"), bind(), describePortal(), execute()]));
    wire.send(sync());
    await wire.until("Z");
    // ParseComplete, BindComplete, RowDescription, DataRow, CommandComplete, ReadyForQuery.
    expect(wire.types()).toBe("12TDCZ");
    expect(wire.chunks).toHaveLength(1);
    wire.close();
  });

  it("answer what is held at a Flush, without waiting for the Sync", async () => {
    const wire = await Wire.open(embedded.port);
    wire.send(Buffer.concat([parse("SELECT 1"), flush()]));
    await wire.until("1");
    expect(wire.types()).toBe("1");
    wire.send(Buffer.concat([bind(), execute(), sync()]));
    await wire.until("Z");
    expect(wire.types()).toBe("12DCZ");
    wire.close();
  });

  it("answer a failed sequence with its error and ReadyForQuery, and go on", async () => {
    const wire = await Wire.open(embedded.port);
    wire.send(Buffer.concat([parse("SELECT 1 / (random() * 0)::int"), bind(), execute(), sync()]));
    await wire.until("Z");
    expect(wire.types()).toBe("12EZ");
    wire.chunks.length = 0;
    wire.send(Buffer.concat([parse("SELECT 2"), bind(), execute(), sync()]));
    await wire.until("Z");
    expect(wire.types()).toBe("12DCZ");
    wire.close();
  });

  it("answer a result larger than what is held, whole and in order", async () => {
    const wire = await Wire.open(embedded.port);
    const sql = "SELECT repeat('x', 1000) FROM generate_series(1, 1000)";
    wire.send(Buffer.concat([parse(sql), bind(), execute(), sync()]));
    await wire.until("Z");
    expect(wire.types()).toBe(`12${"D".repeat(1000)}CZ`);
    wire.close();
  });
});
