// Changes made elsewhere reach every replica at once through Postgres notifications, sent in the
// transaction that makes them: a revoked or edited key (relay_api_key_changed, the key's hash)
// drops the cached key; a credit or debit (relay_balance_changed: the tenant, the entry's id and
// the balance it left) moves the tenant's Redis balance mirror. The key cache's short TTL remains
// the fallback while this connection is down.
import pg from "pg";
import { defaultLogger, type Logger } from "../observability/logger.ts";

export { BALANCE_CHANNEL } from "@relay/billing/hot-path";
export const KEY_CHANNEL = "relay_api_key_changed";

export type ChangeHandlers = Record<string, (payload: string) => void>;

export async function listenForChanges(
  url: string,
  handlers: ChangeHandlers,
  log: Logger = defaultLogger(),
): Promise<() => Promise<void>> {
  let client: pg.Client | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  let failing = false;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url });
    next.on("notification", (message) => {
      if (message.payload) handlers[message.channel]?.(message.payload);
    });
    next.on("error", (error) => reconnect(error));
    next.on("end", () => reconnect());
    await next.connect();
    for (const channel of Object.keys(handlers)) await next.query(`LISTEN ${channel}`);
    client = next;
  };

  const reconnect = (error?: unknown): void => {
    if (stopped || retry) return;
    // Said once per outage: the retries below would say the same every second.
    if (!failing) {
      log.warn({ err: error }, "change notifications lost: revocations wait for the key-cache TTL");
    }
    failing = true;
    client = undefined;
    retry = setTimeout(() => {
      retry = undefined;
      connect().then(
        () => {
          failing = false;
          log.info("change notifications listening again");
        },
        (next: unknown) => reconnect(next),
      );
    }, 1_000);
    retry.unref();
  };

  await connect().catch((error: unknown) => reconnect(error));
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    await client?.end().catch((error: unknown) => {
      log.warn({ err: error }, "change notification connection did not close cleanly");
    });
  };
}
