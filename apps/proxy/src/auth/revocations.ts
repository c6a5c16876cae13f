// Key changes reach every replica at once: the services NOTIFY relay_api_key_changed with the
// key's hash in the transaction that revokes or edits it, and each proxy LISTENs and drops its
// cached copy. The key cache's short TTL remains the fallback while this connection is down.
import pg from "pg";
import type { KeyCache } from "./key-cache.ts";

export const KEY_CHANNEL = "relay_api_key_changed";

export async function listenForKeyChanges(
  url: string,
  keys: KeyCache,
): Promise<() => Promise<void>> {
  let client: pg.Client | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url });
    next.on("notification", (message) => {
      if (message.channel === KEY_CHANNEL && message.payload) keys.invalidate(message.payload);
    });
    next.on("error", () => reconnect());
    next.on("end", () => reconnect());
    await next.connect();
    await next.query(`LISTEN ${KEY_CHANNEL}`);
    client = next;
  };

  const reconnect = (): void => {
    if (stopped || retry) return;
    client = undefined;
    retry = setTimeout(() => {
      retry = undefined;
      connect().catch(() => reconnect());
    }, 1_000);
    retry.unref();
  };

  await connect().catch(() => reconnect());
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    await client?.end().catch(() => {});
  };
}
