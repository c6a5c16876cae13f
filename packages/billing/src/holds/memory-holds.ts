// Holds in this process's memory, for a proxy that is the only one placing holds on its database
// (the embedded engine: one platform, one proxy). A reservation is then a comparison in memory,
// with no round trip at all; the database sees only the batched settlements.
//
// Per tenant (and per budgeted key) the store mirrors what a reservation needs:
//   - `balance` (a key's `spent`), absolute and versioned by the id of the tenant's newest ledger
//     entry: committed settlement batches and ledger posts made elsewhere (relay_balance_changed)
//     both carry (version, value), and only a newer version is applied, so order does not matter;
//   - `dbHeld`, what Postgres holds for it (platform-owned holds, a stopped process's holds not yet
//     released), read at load and refreshed every few seconds;
//   - `held`, the sum of this process's open holds, which only ever live here.
// A hold is released when its settlement is committed, after the batch moved the balance: for a
// moment both count, never neither, so the same money is never promised twice.
//
// A crash loses the open holds with the process, which is what releasing a dead owner's holds
// would do, and the settlements not yet committed, as with every engine. What was charged was
// committed first.
import type pg from "pg";
import { consoleFailureLog, type FailureLog } from "../failure-log.ts";
import type { Committed, SettlementSink } from "../settlement/writer.ts";
import { HoldsUnavailableError, isUnavailable } from "../unavailable.ts";
import type { HoldRequest, HoldResult, HoldStore } from "./types.ts";

interface Account {
  balance: bigint;
  version: bigint;
  dbHeld: bigint;
  held: bigint;
  syncedAt: number;
  loading?: Promise<void>;
}

interface OpenHold {
  tenantId: string;
  /** Set when the key's budget counts it too. */
  apiKeyId?: string;
  amount: bigint;
}

export interface MemoryHoldStore extends HoldStore {
  /** Follow a committed settlement batch: balances and spends move. */
  committed(committed: Committed): void;
  /** A ledger entry made elsewhere changed a tenant's balance (relay_balance_changed). */
  balanceChanged(change: { tenantId: string; version: bigint; balance: bigint }): void;
  /** The hold's settlement is committed, or failed for good: the hold is gone. */
  release(requestId: string): void;
  /** Holds open now. */
  open(): number;
}

export interface MemoryHoldOptions {
  /** Platform-owned holds (a fine-tuning job's) outlive this process: they go to Postgres. */
  platform: HoldStore;
  /** How old a mirror may get before it is read again (default 5 s). */
  refreshMs?: number;
  /** A refusal reads the balance again if the mirror is older than this (default 1 s). */
  rereadRefusedAfterMs?: number;
  log?: FailureLog;
}

export function createMemoryHoldStore(pool: pg.Pool, options: MemoryHoldOptions): MemoryHoldStore {
  const refreshMs = options.refreshMs ?? 5_000;
  const rereadAfterMs = options.rereadRefusedAfterMs ?? 1_000;
  const log = options.log ?? consoleFailureLog;
  const tenants = new Map<string, Account>();
  const keys = new Map<string, Account>();
  const holds = new Map<string, OpenHold>();

  const tenantQuery = `SELECT balance::text AS value, held::text AS held,
      coalesce((SELECT max(l.id) FROM ledger_entries l WHERE l.tenant_id = t.id), 0)::text AS version
    FROM tenants t WHERE t.id = $1::uuid`;
  const keyQuery = `SELECT spent::text AS value, held::text AS held,
      coalesce((SELECT max(l.id) FROM ledger_entries l WHERE l.tenant_id = k.tenant_id), 0)::text
        AS version
    FROM api_keys k WHERE k.id = $1::uuid`;

  /** The account of `id`, created unread (syncedAt 0) on first sight; never replaced. */
  function accountOf(accounts: Map<string, Account>, id: string): Account {
    let account = accounts.get(id);
    if (!account) {
      account = { balance: 0n, version: -1n, dbHeld: 0n, held: 0n, syncedAt: 0 };
      accounts.set(id, account);
    }
    return account;
  }

  /**
   * Reads one account's row and applies it: a newer balance, and Postgres's holds as they are.
   * Concurrent reads of one account share one query.
   */
  function sync(accounts: Map<string, Account>, query: string, id: string): Promise<void> {
    const account = accountOf(accounts, id);
    account.loading ??= pool
      .query<{ value: string; held: string; version: string }>(query, [id])
      .then(({ rows }) => {
        const row = rows[0] ?? { value: "0", held: "0", version: "0" };
        const version = BigInt(row.version);
        if (version > account.version) {
          account.version = version;
          account.balance = BigInt(row.value);
        }
        account.dbHeld = BigInt(row.held);
        account.syncedAt = performance.now();
      })
      .finally(() => {
        account.loading = undefined;
      });
    return account.loading;
  }

  /** The account, read first if it never was; refreshed in the background when old. */
  async function account(
    accounts: Map<string, Account>,
    query: string,
    id: string,
  ): Promise<Account> {
    const current = accountOf(accounts, id);
    if (current.syncedAt === 0) {
      await sync(accounts, query, id);
    } else if (performance.now() - current.syncedAt > refreshMs && !current.loading) {
      sync(accounts, query, id).catch((error: unknown) => {
        log.warn({ err: error, id }, "memory holds: refresh failed; the mirror stays as it was");
      });
    }
    return current;
  }

  const available = (a: Account) => a.balance - a.dbHeld - a.held;

  /** Checks and, if everything fits, counts the hold: synchronous, so nothing interleaves. */
  function take(request: HoldRequest, tenant: Account, key: Account | undefined): HoldResult {
    if (available(tenant) < request.amount) return { ok: false, reason: "balance" };
    if (key && (request.budget ?? 0n) - key.balance - key.dbHeld - key.held < request.amount) {
      return { ok: false, reason: "budget" };
    }
    tenant.held += request.amount;
    if (key) key.held += request.amount;
    return { ok: true };
  }

  function untake(request: HoldRequest, tenant: Account, key: Account | undefined): void {
    tenant.held -= request.amount;
    if (key) key.held -= request.amount;
  }

  async function reserve(request: HoldRequest): Promise<HoldResult> {
    const budgeted = request.budgeted && request.budget != null;
    const tenant = await account(tenants, tenantQuery, request.tenantId);
    const key = budgeted ? await account(keys, keyQuery, request.apiKeyId) : undefined;
    let result = take(request, tenant, key);
    // Refused on a mirror a while old: a top-up may not have reached it. Read again (at most
    // once per that while, so a tenant out of money does not become a query per call).
    const oldest = Math.min(tenant.syncedAt, key?.syncedAt ?? Number.POSITIVE_INFINITY);
    if (!result.ok && performance.now() - oldest >= rereadAfterMs) {
      await Promise.all([
        sync(tenants, tenantQuery, request.tenantId),
        budgeted ? sync(keys, keyQuery, request.apiKeyId) : undefined,
      ]);
      result = take(request, tenant, key);
    }
    if (!result.ok) return result;
    if (request.owner === "platform") {
      // Counted here while Postgres places it, so no call is promised the same money meanwhile.
      let placed: HoldResult = { ok: false, reason: "balance" };
      try {
        placed = await options.platform.reserve(request);
      } finally {
        untake(request, tenant, key);
      }
      if (placed.ok) {
        tenant.dbHeld += request.amount;
        if (key) key.dbHeld += request.amount;
      }
      return placed;
    }
    holds.set(request.requestId, {
      tenantId: request.tenantId,
      apiKeyId: key ? request.apiKeyId : undefined,
      amount: request.amount,
    });
    return { ok: true };
  }

  /** A versioned absolute value: applied only when newer than the account's. */
  function follow(account: Account | undefined, version: bigint, value: bigint): void {
    if (!account || version <= account.version) return;
    account.version = version;
    account.balance = value;
  }

  return {
    reserve: (request) =>
      reserve(request).catch((error: unknown) => {
        // Nothing was counted: the store could not be read (the database is unreachable).
        throw isUnavailable(error) ? new HoldsUnavailableError(error) : error;
      }),
    committed(committed) {
      for (const b of committed.balances) follow(tenants.get(b.tenantId), b.version, b.balance);
      for (const s of committed.spends) follow(keys.get(s.apiKeyId), s.version, s.spent);
    },
    balanceChanged(change) {
      follow(tenants.get(change.tenantId), change.version, change.balance);
    },
    release(requestId) {
      const hold = holds.get(requestId);
      if (!hold) return;
      holds.delete(requestId);
      const tenant = tenants.get(hold.tenantId);
      if (tenant) tenant.held -= hold.amount;
      const key = hold.apiKeyId ? keys.get(hold.apiKeyId) : undefined;
      if (key) key.held -= hold.amount;
    },
    open: () => holds.size,
  };
}

/** The settlement sink for memory holds: each call's hold is released once its charge is in. */
export function releasingMemoryHolds(sink: SettlementSink, store: MemoryHoldStore): SettlementSink {
  return {
    ...sink,
    settle: (settlement) =>
      sink.settle(settlement).finally(() => store.release(settlement.requestId)),
  };
}
