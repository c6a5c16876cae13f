// /readyz: whether this replica can serve calls now. The database answers (SELECT 1 within a
// short timeout, the answer reused for `cacheMs` so frequent probes do not hammer it), the catalog
// is loaded, and at least one enabled channel's credential decrypts with this replica's key (a
// wrong RELAY_ENCRYPTION_KEY otherwise looks healthy and answers every call with model_not_found).
import type pg from "pg";
import type { Catalog } from "../catalog/catalog.ts";

export interface Check {
  ok: boolean;
  /** Why it failed. */
  error?: string;
}

export interface ReadinessReport {
  ready: boolean;
  /** The names of the failing checks. */
  failed: string[];
  checks: { database: Check; catalog: Check; channels: Check };
}

export interface ReadinessOptions {
  /** How long SELECT 1 may take (default 1 s). */
  timeoutMs?: number;
  /** How long a database answer is reused (default 1 s; tests use 0). */
  cacheMs?: number;
}

export interface Readiness {
  check(): Promise<ReadinessReport>;
}

export function createReadiness(
  pool: pg.Pool,
  catalog: Catalog,
  options: ReadinessOptions = {},
): Readiness {
  const timeoutMs = options.timeoutMs ?? 1_000;
  const cacheMs = options.cacheMs ?? 1_000;
  let cached: { at: number; check: Promise<Check> } | undefined;

  function database(): Promise<Check> {
    const now = performance.now();
    // Probes arriving together share one query, and the answer for `cacheMs`.
    if (cached && now - cached.at < cacheMs) return cached.check;
    const check = withTimeout(pool.query("SELECT 1"), timeoutMs, "the database").then(
      (): Check => ({ ok: true }),
      (error: unknown): Check => ({ ok: false, error: messageOf(error) }),
    );
    cached = { at: now, check };
    return check;
  }

  async function catalogLoaded(): Promise<Check> {
    try {
      // Loads it if nothing has asked for it yet (bounded like the database).
      await withTimeout(catalog.models(), timeoutMs, "the catalog");
      return { ok: true };
    } catch (error) {
      return { ok: false, error: `not loaded: ${messageOf(error)}` };
    }
  }

  return {
    async check() {
      const [db, loaded] = await Promise.all([database(), catalogLoaded()]);
      const status = catalog.status();
      const channels: Check = !status
        ? { ok: false, error: "the catalog is not loaded" }
        : status.channels > 0
          ? { ok: true }
          : {
              ok: false,
              error:
                status.undecryptable > 0
                  ? `no enabled channel's credential decrypts with RELAY_ENCRYPTION_KEY (${status.undecryptable} tried)`
                  : "there is no enabled channel",
            };
      const checks = { database: db, catalog: loaded, channels };
      const failed = Object.entries(checks)
        .filter(([, check]) => !check.ok)
        .map(([name]) => name);
      return { ready: failed.length === 0, failed, checks };
    },
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function messageOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return messageOf(error.errors[0]);
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
