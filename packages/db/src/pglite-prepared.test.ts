import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmbeddedPostgres, startEmbeddedPostgres } from "./embedded.ts";

// The embedded database is one session under every connection; its named prepared statements
// must still behave as a server's do: each connection's own, gone when the connection leaves.
let embedded: EmbeddedPostgres;

beforeAll(async () => {
  embedded = await startEmbeddedPostgres();
});
afterAll(async () => {
  await embedded.stop();
});

async function connect(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: embedded.url });
  await client.connect();
  return client;
}

async function statementNames(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    "SELECT name FROM pg_prepared_statements ORDER BY name",
  );
  return rows.map((r) => r.name);
}

describe("named prepared statements on the embedded database", () => {
  it("run again by name, and are deallocated when their connection leaves", async () => {
    const watcher = await connect();
    const first = await connect();
    const second = await connect();
    const add = (client: pg.Client, name: string, value: number) =>
      client.query<{ sum: number }>({ name, text: "SELECT $1::int + 1 AS sum", values: [value] });

    expect((await add(first, "add#first", 1)).rows).toEqual([{ sum: 2 }]);
    expect((await add(second, "add#second", 2)).rows).toEqual([{ sum: 3 }]);
    // The second run sends no Parse: the statement is found by its name.
    expect((await add(first, "add#first", 41)).rows).toEqual([{ sum: 42 }]);
    expect(await statementNames(watcher)).toEqual(["add#first", "add#second"]);

    await first.end();
    await expect.poll(() => statementNames(watcher)).toEqual(["add#second"]);
    expect((await add(second, "add#second", 9)).rows).toEqual([{ sum: 10 }]);
    await second.end();
    await expect.poll(() => statementNames(watcher)).toEqual([]);
    await watcher.end();
  });
});
