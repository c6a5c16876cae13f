// One transaction on a client checked out of the pool. While checked out, a pg client has no
// error listener of the pool's: a connection that breaks between two statements (the server
// restarting) would emit an unhandled 'error' and take the whole process down. Here it is caught,
// the statement in flight fails instead, and the broken client is discarded, not pooled again.
import type pg from "pg";

export async function inPgTransaction<T>(
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
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    if (!broken) await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.off("error", onError);
    client.release(broken ?? false);
  }
}
