// Changes made elsewhere reach every replica at once through Postgres notifications, sent in the
// transaction that makes them: a revoked or edited key (relay_api_key_changed, the key's hash)
// drops the cached key; a credit or debit (relay_balance_changed: the tenant, the entry's id and
// the balance it left) moves the tenant's Redis balance mirror. The key cache's short TTL remains
// the fallback while this connection is down. A catalog change (relay_catalog_changed) makes the
// next call reload the catalog; whether notifications really arrive is probed on each connect
// (a server or pooler that keeps them on the connection that sent them would fail it) and
// reported to onLive.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { defaultLogger, type Logger } from "../observability/logger.ts";

export { BALANCE_CHANNEL } from "@relay/billing/hot-path";
export { CATALOG_CHANNEL } from "@relay/services/catalog-change";
export const KEY_CHANNEL = "relay_api_key_changed";

export type ChangeHandlers = Record<string, (payload: string) => void>;

export async function listenForChanges(
  url: string,
  handlers: ChangeHandlers,
  log: Logger = defaultLogger(),
  onLive?: (live: boolean) => void,
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
    if (onLive) {
      // In the background: the answer may take the probe's whole wait.
      notificationsArrive(url, next).then(
        (live) => {
          if (client === next && !stopped) onLive(live);
        },
        (error: unknown) => log.warn({ err: error }, "change notification probe failed"),
      );
    }
  };

  const reconnect = (error?: unknown): void => {
    if (stopped || retry) return;
    // Said once per outage: the retries below would say the same every second.
    if (!failing) {
      log.warn({ err: error }, "change notifications lost: revocations wait for the key-cache TTL");
    }
    failing = true;
    client = undefined;
    onLive?.(false);
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

const PROBE_CHANNEL = "relay_listen_probe";

/** Whether a notification sent on another connection reaches `listener` within waitMs. */
async function notificationsArrive(
  url: string,
  listener: pg.Client,
  waitMs = 2_000,
): Promise<boolean> {
  const token = randomUUID();
  await listener.query(`LISTEN ${PROBE_CHANNEL}`);
  const arrived = new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => done(false), waitMs);
    timer.unref();
    const seen = (message: pg.Notification) => {
      if (message.channel === PROBE_CHANNEL && message.payload === token) done(true);
    };
    const done = (result: boolean) => {
      clearTimeout(timer);
      listener.off("notification", seen);
      resolve(result);
    };
    listener.on("notification", seen);
  });
  const sender = new pg.Client({ connectionString: url });
  try {
    await sender.connect();
    await sender.query("SELECT pg_notify($1, $2)", [PROBE_CHANNEL, token]);
  } finally {
    await sender.end().catch(() => undefined);
  }
  return arrived;
}
