// Every change to what the proxy's catalog holds (models, prices, channels, default models, the
// platform's answer settings) calls catalogChanged in its own transaction. The version row makes
// the change visible to a proxy that reads it; the notification (sent at commit) tells listening
// proxies without their reading anything.
import type { Tx } from "@relay/db";

export const CATALOG_CHANNEL = "relay_catalog_changed";

/** Bumps the version and notifies (the payload is the new version). */
export async function catalogChanged(tx: Tx): Promise<void> {
  await tx.$executeRaw`WITH bumped AS (
      INSERT INTO catalog_version (id, version) VALUES (1, 1)
      ON CONFLICT (id) DO UPDATE SET version = catalog_version.version + 1
      RETURNING version
    )
    SELECT pg_notify(${CATALOG_CHANNEL}, version::text) FROM bumped`;
}
