import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type EmbeddedPostgres, startEmbeddedPostgres } from "./embedded.ts";

// Notifications on the embedded database reach the connections that LISTEN, as on a server.
let embedded: EmbeddedPostgres;
const open: pg.Client[] = [];

beforeAll(async () => {
  embedded = await startEmbeddedPostgres();
});
afterAll(async () => {
  await embedded.stop();
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.end().catch(() => undefined)));
});

interface Heard {
  client: pg.Client;
  heard: pg.Notification[];
  /** Resolves once `count` notifications arrived in all; fails after a bounded wait. */
  until(count: number): Promise<pg.Notification[]>;
}

async function connect(): Promise<Heard> {
  const client = new pg.Client({ connectionString: embedded.url });
  await client.connect();
  open.push(client);
  const heard: pg.Notification[] = [];
  const waiters: (() => void)[] = [];
  client.on("notification", (message) => {
    heard.push(message);
    for (const wake of waiters.splice(0)) wake();
  });
  const until = async (count: number): Promise<pg.Notification[]> => {
    const deadline = Date.now() + 5_000;
    while (heard.length < count) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`heard ${heard.length} notifications, expected ${count}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return heard;
  };
  return { client, heard, until };
}

/** A round trip on each client: anything already sent to it has arrived by then. */
async function settle(...clients: Heard[]): Promise<void> {
  for (const { client } of clients) await client.query("SELECT 1");
}

const pick = (list: pg.Notification[]) => list.map((n) => [n.channel, n.payload]);

describe("notifications on the embedded database", () => {
  it("reach the listener, not the sender or a connection that does not listen", async () => {
    const [a, b, c] = [await connect(), await connect(), await connect()];
    await a.client.query("LISTEN relay_test");
    await b.client.query("SELECT pg_notify('relay_test', 'simple')");
    await b.client.query("SELECT pg_notify($1, $2)", ["relay_test", "extended"]);
    expect(pick(await a.until(2))).toEqual([
      ["relay_test", "simple"],
      ["relay_test", "extended"],
    ]);
    await settle(a, b, c);
    expect(b.heard).toEqual([]);
    expect(c.heard).toEqual([]);
  });

  it("arrive only after COMMIT, and never after ROLLBACK", async () => {
    const [a, b] = [await connect(), await connect()];
    await a.client.query("LISTEN relay_tx");
    await b.client.query("BEGIN");
    await b.client.query("NOTIFY relay_tx, 'rolled back'");
    await b.client.query("ROLLBACK");
    await settle(a);
    expect(a.heard).toEqual([]);
    await b.client.query("BEGIN");
    await b.client.query("SELECT pg_notify('relay_tx', 'committed')");
    // `a` cannot query while `b`'s transaction holds the one session; `b`'s round trips stand in.
    for (let i = 0; i < 5; i++) await b.client.query("SELECT 1");
    expect(a.heard).toEqual([]);
    await b.client.query("COMMIT");
    expect(pick(await a.until(1))).toEqual([["relay_tx", "committed"]]);
    await settle(a);
    expect(a.heard).toHaveLength(1);
  });

  it("keep their order, many in one transaction, with unicode payloads", async () => {
    const [a, b] = [await connect(), await connect()];
    await a.client.query('LISTEN "Relay Mixed"');
    const payloads = Array.from({ length: 50 }, (_, i) => `${i} ünïcødé ✓ 🚀`);
    await b.client.query("BEGIN");
    for (const p of payloads) await b.client.query("SELECT pg_notify('Relay Mixed', $1)", [p]);
    await b.client.query("COMMIT");
    const heard = await a.until(payloads.length);
    expect(heard.map((n) => n.payload)).toEqual(payloads);
    expect(new Set(heard.map((n) => n.channel))).toEqual(new Set(["Relay Mixed"]));
  });

  it("reach a sender that listens exactly once, and every listener", async () => {
    const [a, b] = [await connect(), await connect()];
    await a.client.query("LISTEN relay_both");
    await b.client.query("listen RELAY_BOTH; LISTEN relay_other");
    await b.client.query("SELECT pg_notify('relay_both', 'to both')");
    await a.until(1);
    await b.until(1);
    await settle(a, b);
    expect(pick(a.heard)).toEqual([["relay_both", "to both"]]);
    expect(pick(b.heard)).toEqual([["relay_both", "to both"]]);
  });

  it("stop after UNLISTEN, for that connection only", async () => {
    const [a, b, c] = [await connect(), await connect(), await connect()];
    await a.client.query("LISTEN relay_un");
    await c.client.query("LISTEN relay_un; LISTEN relay_un2");
    await a.client.query("UNLISTEN relay_un");
    await b.client.query("SELECT pg_notify('relay_un', 'one')");
    expect(pick(await c.until(1))).toEqual([["relay_un", "one"]]);
    await c.client.query("UNLISTEN *");
    await b.client.query("SELECT pg_notify('relay_un', 'two'), pg_notify('relay_un2', 'two')");
    await settle(a, b, c);
    expect(a.heard).toEqual([]);
    expect(pick(c.heard)).toEqual([["relay_un", "one"]]);
  });

  it("keep reaching the others when a listener closes", async () => {
    const [a, b, c] = [await connect(), await connect(), await connect()];
    await a.client.query("LISTEN relay_close");
    await c.client.query("LISTEN relay_close");
    await a.client.end();
    await b.client.query("SELECT pg_notify('relay_close', 'after close')");
    expect(pick(await c.until(1))).toEqual([["relay_close", "after close"]]);
  });

  it("arrive whole when they straddle the engine's output chunks", async () => {
    const [a, b] = [await connect(), await connect()];
    await a.client.query("LISTEN relay_split");
    const pads = Array.from({ length: 100 }, (_, i) => 8_100 + i);
    for (const pad of pads) {
      const result = await b.client.query(
        `SELECT length(repeat('x', ${pad})) AS n, repeat('y', ${pad}) AS filler, pg_notify('relay_split', 'p${pad}')`,
      );
      expect(result.rows[0].n).toBe(pad);
    }
    const heard = await a.until(pads.length);
    expect(heard.map((n) => n.payload)).toEqual(pads.map((p) => `p${p}`));
    await settle(b);
    expect(b.heard).toEqual([]);
  });

  it("leave parameterised queries of interleaved connections correct", async () => {
    const [a, b] = [await connect(), await connect()];
    await a.client.query("LISTEN relay_mix");
    const run = async (who: Heard, first: number) => {
      for (let i = first; i < 40; i += 2) {
        const result = await who.client.query(
          "SELECT $1::int AS n, pg_notify('relay_mix', $1::text)",
          [i],
        );
        expect(result.rows[0].n).toBe(i);
      }
    };
    await Promise.all([run(a, 0), run(b, 1)]);
    const heard = await a.until(40);
    expect(heard.map((n) => Number(n.payload)).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 40 }, (_, i) => i),
    );
  });
});
