// Reads the committed catalog version for calls that cannot rely on notifications (a listener
// that is down, or whose probe heard nothing). A read answers only calls that arrived before it began:
// a call arriving while one is in flight waits for the next, which then answers every call that
// queued meanwhile. So the database sees at most one read at a time whatever the load, and no
// call is answered with a version read before it arrived.
import type pg from "pg";

export interface VersionWatch {
  /** The catalog version committed when this call arrived, or later. */
  read(): Promise<string>;
}

export function createVersionWatch(pool: Pick<pg.Pool, "query">): VersionWatch {
  let inFlight: Promise<string> | undefined;
  let queued: Promise<string> | undefined;

  const query = async (): Promise<string> => {
    const result = await pool.query<{ version: string }>(
      "SELECT version FROM catalog_version WHERE id = 1",
    );
    return result.rows[0]?.version ?? "0";
  };

  const read = (): Promise<string> => {
    if (!inFlight) {
      inFlight = query().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    }
    queued ??= inFlight
      .catch(() => undefined)
      .then(() => {
        queued = undefined;
        return read();
      });
    return queued;
  };

  return { read };
}
