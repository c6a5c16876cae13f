// Who owns a hold: the proxy process serving its call. Each process registers an instance row and
// beats every `beatMs`; a hold lives as long as its owner does. The holds of an owner whose beat
// stopped for `deadAfterMs` are released (nothing charged: the outcome of those calls is unknown,
// so the tenant is never billed for a call it may not have received) by any replica, and by the
// owner's own restart at once (a restart has the same name, and while the old process lived the
// new one could not have bound its port).
//
// A live process that cannot beat (the database unreachable) must not outlive its holds: after
// `fenceAfterMs` (less than `deadAfterMs`) without a successful beat it ends its calls in flight,
// and if it finds its row gone (declared dead) it does the same and registers anew.
import { randomUUID } from "node:crypto";
import type pg from "pg";
import { consoleFailureLog, type FailureLog } from "../failure-log.ts";
import { inPgTransaction } from "../transaction.ts";
import { moveHeld } from "./held.ts";

export interface OwnerTimings {
  beatMs: number;
  /** A process silent this long is dead: its holds are released. */
  deadAfterMs: number;
  /** A process that could not beat for this long ends its calls (must be < deadAfterMs). */
  fenceAfterMs: number;
}

export const DEFAULT_OWNER_TIMINGS: OwnerTimings = {
  beatMs: 2_000,
  deadAfterMs: 15_000,
  fenceAfterMs: 10_000,
};

/** Holds released because their owner is gone, for mirrors to release too (Redis). */
export interface ReleasedHold {
  requestId: string;
  tenantId: string;
  apiKeyId: string;
  amount: bigint;
  instanceId: string | null;
}

export interface HoldOwner {
  /** The current instance id (changes only if this process was declared dead). */
  readonly id: string;
  /** The name it started with (host:port by default). */
  readonly name: string;
  /** Registers, then releases the holds of earlier processes of the same name. */
  start(name: string): Promise<ReleasedHold[]>;
  /** Releases dead owners' holds (runs every beat by itself once started). */
  sweep(): Promise<ReleasedHold[]>;
  stop(): Promise<void>;
}

export interface HoldOwnerOptions {
  timings?: Partial<OwnerTimings>;
  /** This process lost its claim on its holds: end every call in flight. */
  onFenced: (why: string) => void;
  /** Holds were released in Postgres (to release them from a mirror such as Redis). */
  onReleased?: (released: ReleasedHold[], deadInstances: string[]) => Promise<void>;
  /** Failed beats and sweeps (each retried on the next beat). */
  log?: FailureLog;
}

export function createHoldOwner(pool: pg.Pool, options: HoldOwnerOptions): HoldOwner {
  const timings = { ...DEFAULT_OWNER_TIMINGS, ...options.timings };
  const log = options.log ?? consoleFailureLog;
  let id = randomUUID();
  let name = "";
  let lastBeat = Date.now();
  let fenced = false;
  let failing = false;
  let timer: NodeJS.Timeout | undefined;
  let beating: Promise<void> = Promise.resolve();

  const register = () =>
    pool.query("INSERT INTO proxy_instances (id, name) VALUES ($1::uuid, $2)", [id, name]);

  async function beat(): Promise<void> {
    try {
      const { rowCount } = await pool.query(
        "UPDATE proxy_instances SET heartbeat_at = now() WHERE id = $1::uuid",
        [id],
      );
      if (rowCount === 0) {
        // Declared dead while alive (a long stall): our holds are gone. End our calls and start
        // over under a new id so holds placed from now on are owned again.
        options.onFenced("this process was declared dead; its holds were released");
        id = randomUUID();
        await register();
      }
      lastBeat = Date.now();
      fenced = false;
      failing = false;
    } catch (error) {
      // Once per outage: every beat of it fails the same way.
      if (!failing) log.warn({ err: error, instanceId: id }, "hold owner heartbeat failed");
      failing = true;
      if (!fenced && Date.now() - lastBeat > timings.fenceAfterMs) {
        fenced = true;
        options.onFenced("the database has been unreachable too long to keep holds");
      }
    }
    await sweep().catch((error: unknown) => {
      // With the database down the beat has said so already.
      if (!failing) log.warn({ err: error, instanceId: id }, "sweep of dead owners' holds failed");
    });
  }

  async function sweep(): Promise<ReleasedHold[]> {
    const dead = await pool.query<{ id: string }>(
      `SELECT id FROM proxy_instances
       WHERE heartbeat_at < now() - $1 * interval '1 millisecond' AND id <> $2::uuid`,
      [timings.deadAfterMs, id],
    );
    return release(dead.rows.map((r) => r.id));
  }

  async function release(instances: string[]): Promise<ReleasedHold[]> {
    const released = await releaseHolds(pool, instances, timings.deadAfterMs);
    if (released.length > 0 || instances.length > 0) {
      await options.onReleased?.(released, instances);
    }
    if (instances.length > 0) {
      await pool.query("DELETE FROM proxy_instances WHERE id = ANY($1::uuid[])", [instances]);
    }
    return released;
  }

  return {
    get id() {
      return id;
    },
    get name() {
      return name;
    },
    async start(instanceName) {
      name = instanceName;
      await register();
      lastBeat = Date.now();
      const earlier = await pool.query<{ id: string }>(
        "SELECT id FROM proxy_instances WHERE name = $1 AND id <> $2::uuid",
        [name, id],
      );
      const released = await release(earlier.rows.map((r) => r.id));
      timer = setInterval(() => {
        beating = beating.then(beat);
      }, timings.beatMs);
      timer.unref();
      return released;
    },
    sweep,
    async stop() {
      if (timer) clearInterval(timer);
      await beating;
      // A graceful stop has settled every call: nothing of ours is left to release.
      await pool
        .query("DELETE FROM proxy_instances WHERE id = $1::uuid", [id])
        .catch((error: unknown) => {
          // Harmless: the row ages out and another replica's sweep deletes it.
          log.warn({ err: error, instanceId: id }, "hold owner not unregistered");
        });
    },
  };
}

/**
 * Releases, in one transaction, the open holds owned by the given instances, by no registered
 * instance (written by a process after it was declared dead), or older holds without an owner
 * that are past their deadline. Nothing is charged.
 */
export function releaseHolds(
  pool: pg.Pool,
  instances: string[],
  orphanAfterMs = DEFAULT_OWNER_TIMINGS.deadAfterMs,
): Promise<ReleasedHold[]> {
  // An owner not registered (yet) is an orphan only once its hold is older than a dead process's
  // silence: a process starting up may place holds a moment before its row is written.
  return release(
    pool,
    `(instance_id = ANY($1::uuid[])
      OR (instance_id IS NULL AND expires_at < now())
      OR (instance_id IS NOT NULL AND created_at < now() - $2 * interval '1 millisecond'
          AND NOT EXISTS (SELECT 1 FROM proxy_instances p WHERE p.id = holds.instance_id)))`,
    [instances, orphanAfterMs],
  );
}

/**
 * Releases the open holds of these requests: reservations whose outcome is unknown (the answer
 * was lost with the connection) and whose calls were refused, so nothing will settle them.
 */
export function releaseRequests(pool: pg.Pool, requestIds: string[]): Promise<ReleasedHold[]> {
  return release(pool, "request_id = ANY($1::text[])", [requestIds]);
}

/** Releases, in one transaction, the open holds that `which` (SQL over holds, on `ids`) selects. */
function release(pool: pg.Pool, which: string, ids: unknown[]): Promise<ReleasedHold[]> {
  return inPgTransaction(pool, async (client) => {
    const candidates = await client.query<{ tenant_id: string }>(
      `SELECT DISTINCT tenant_id FROM holds WHERE state = 'HELD' AND ${which}`,
      ids,
    );
    const tenants = candidates.rows.map((r) => r.tenant_id).sort();
    if (tenants.length === 0) {
      return [];
    }
    // Lock order: tenants, then their holds and keys.
    await client.query(
      "SELECT 1 FROM tenants WHERE id = ANY($1::uuid[]) ORDER BY id FOR NO KEY UPDATE",
      [tenants],
    );
    const released = await client.query<{
      request_id: string;
      tenant_id: string;
      api_key_id: string;
      amount: string;
      instance_id: string | null;
    }>(
      `UPDATE holds SET state = 'RELEASED', closed_at = now()
       WHERE state = 'HELD' AND tenant_id = ANY($${ids.length + 1}::uuid[]) AND ${which}
       RETURNING request_id, tenant_id, api_key_id, amount::text, instance_id`,
      [...ids, tenants],
    );
    const holds = released.rows.map((r) => ({
      requestId: r.request_id,
      tenantId: r.tenant_id,
      apiKeyId: r.api_key_id,
      amount: BigInt(r.amount),
      instanceId: r.instance_id,
    }));
    const freed = holds.map((h) => -h.amount);
    await moveHeld(
      client,
      "tenants",
      holds.map((h) => h.tenantId),
      freed,
    );
    await moveHeld(
      client,
      "api_keys",
      holds.map((h) => h.apiKeyId),
      freed,
    );
    return holds;
  });
}

/**
 * The other processes alive on this database besides `owner` (and earlier processes of its name,
 * which cannot be alive: the new one has their port). A process keeping holds in memory must be
 * the only one, or two would promise the same balance.
 */
export async function otherLiveOwners(
  pool: pg.Pool,
  owner: { id: string; name: string },
  deadAfterMs = DEFAULT_OWNER_TIMINGS.deadAfterMs,
): Promise<string[]> {
  const { rows } = await pool.query<{ name: string }>(
    `SELECT name FROM proxy_instances
     WHERE id <> $1::uuid AND name <> $2 AND heartbeat_at > now() - $3 * interval '1 millisecond'`,
    [owner.id, owner.name, deadAfterMs],
  );
  return rows.map((r) => r.name);
}
