// Work on a client checked out of the pool, one transaction or one statement. While checked
// out, a pg client has no error listener of the pool's: a connection that breaks between two
// statements (the server restarting) would emit an unhandled 'error' and take the whole process
// down. Here it is caught, the statement in flight fails instead, and the broken client is
// discarded, not pooled again.
import { randomBytes } from "node:crypto";
import type pg from "pg";

/** One transaction on one client of the pool. */
export function inPgTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  return onPgClient(pool, async (client) => {
    await client.query("BEGIN");
    try {
      const result = await work(client);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    }
  });
}

/** Work on one client of the pool (a single statement is a transaction of its own). */
export async function onPgClient<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (error: Error) => {
    broken = error;
  };
  client.on("error", onError);
  try {
    return await work(client);
  } finally {
    client.off("error", onError);
    client.release(broken ?? false);
  }
}

/**
 * A number per connection, and one per process, to name statements apart from any other
 * connection's, of this process or another.
 */
const serials = new WeakMap<pg.ClientBase, number>();
let lastSerial = 0;
const processTag = randomBytes(4).toString("hex");

/**
 * A statement prepared once per connection under `name`: Postgres parses and plans it the first
 * time, and later runs only bind the values. For the statements run many times a second (the
 * settlement batch), whose parse and plan cost Postgres more than their rows. The name carries
 * the connection's number: the embedded database is one session shared by every connection of
 * every process, where two connections preparing one name would collide (it deallocates a
 * connection's statements when the connection leaves).
 */
export function prepared<R extends pg.QueryResultRow = pg.QueryResultRow>(
  client: pg.ClientBase,
  name: string,
  text: string,
  values: unknown[],
): Promise<pg.QueryResult<R>> {
  let serial = serials.get(client);
  if (serial === undefined) {
    serial = ++lastSerial;
    serials.set(client, serial);
  }
  return client.query<R>({ name: `${name}#${processTag}.${serial}`, text, values });
}
