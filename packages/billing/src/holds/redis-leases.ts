// Leases: how a proxy replica admits most calls without a round trip to Redis. Per tenant, each
// process holds one lease in the tenant's Redis mirror, a hold like any other (`r:lease:<owner>`,
// on the owner's list, so its death releases it) that covers many calls: a call whose hold fits
// in what the lease has free is admitted in memory. One that does not grows the lease first, in
// one script that checks the tenant's balance exactly as a hold of its own would be checked.
//
// Exactness: in Redis, `held` counts the whole lease; in memory, `used` counts the open holds it
// covers (never more than the lease). So a call is admitted only if
//   balance - (other holds) - (this lease) + (lease - used) >= amount,
// the same test as for a hold of its own. When a batch of charges is committed, the lease shrinks
// by what they cost, in the same script that moves the mirror's balance down (the money is spent,
// no longer held), and the calls' holds leave `used`.
//
// Every script is a numbered step of the lease, applied at most once: a step whose answer was
// lost is sent again as it was (a second shrink would lower the lease under calls it covers), and
// steps of one lease go one at a time, so each answer (the lease in Redis) is the truth minus what
// was consumed meanwhile. A lease nothing used for a while is given back.
//
// A lease grows by what the call needs plus a margin: at most `maxExtra`, and a sixteenth of what
// the tenant has left, so replicas sharing a small balance leave each other room, and with little
// money left a lease is hardly more than the call itself.
import type { Redis } from "ioredis";
import type { FailureLog } from "../failure-log.ts";
import { HoldsUnavailableError } from "../unavailable.ts";
import { LEASE } from "./redis-scripts.ts";
import type { HoldRequest, HoldResult } from "./types.ts";

interface LeaseCommands {
  relayLease(
    tenantKey: string,
    ownedKey: string,
    stepKey: string,
    ...args: (string | number)[]
  ): Promise<[number, number]>;
}

interface Step {
  n: number;
  shrink: bigint;
  need: bigint;
  /** The committed balance that goes with this shrink. */
  balance?: { version: bigint; value: bigint };
}

interface Lease {
  tenantId: string;
  /** The owner the lease is held for; a new owner (this process fenced) starts a new lease. */
  owner: string;
  /** What calls may use: the lease in Redis less what was consumed and not yet sent. */
  size: bigint;
  /** The open holds it covers. */
  used: bigint;
  /** Consumed by committed charges, not yet sent. */
  consumed: bigint;
  /**
   * Consumed by charges whose batch brought no balance (a retried batch: its first attempt moved
   * the balance, unseen by the mirror). Never sent: the mirror may not have the balance that goes
   * with it, so Redis keeps counting it in the lease, until the lease is given back.
   */
  withheld: bigint;
  /** The newest committed balance not yet sent with a shrink. */
  balance?: { version: bigint; value: bigint };
  lastStep: number;
  /** A step sent whose answer never came: sent again, as it was, before any other. */
  unanswered?: Step;
  /** Steps go one at a time. */
  tail: Promise<unknown>;
  flushQueued: boolean;
  lastUsedAt: number;
}

export interface Leases {
  /** Admits the call against its tenant's lease, growing the lease if it must. */
  reserve(request: HoldRequest): Promise<HoldResult>;
  /**
   * Settlements committed in one batch, with each tenant's new balance: the holds close, and each
   * lease shrinks by what its calls cost.
   */
  committed(
    settled: { requestId: string; price: bigint }[],
    balances: { tenantId: string; version: bigint; balance: bigint }[],
  ): void;
  /** A call's settlement failed for good: its hold closes, nothing was consumed. */
  dropped(requestId: string): void;
  /**
   * The tenant's balance changed outside this process's charges (a refund, a debit, a top-up):
   * the free part of its lease goes back, so the next call is checked against the new balance.
   */
  trim(tenantId: string): void;
  /** Gives every lease back (a clean stop). */
  close(): Promise<void>;
}

export interface LeaseOptions {
  redis: Redis;
  prefix: string;
  ttlSeconds: number;
  instanceId: () => string;
  /** Loads the tenant's mirror from Postgres (it was missing). */
  loadTenant: (tenantId: string) => Promise<void>;
  /** The most a lease grows beyond what a call needs (micro-dollars). */
  maxExtra?: bigint;
  /** A lease unused this long is given back. */
  idleMs?: number;
  log: FailureLog;
}

/** A shrink larger than any lease: the whole lease goes. */
const EVERYTHING = 2n ** 62n;

export function createLeases(options: LeaseOptions): Leases {
  const { redis, prefix, ttlSeconds, log } = options;
  const maxExtra = options.maxExtra ?? 5_000_000n;
  const idleMs = options.idleMs ?? 5_000;
  redis.defineCommand("relayLease", { numberOfKeys: 3, lua: LEASE });
  const commands = redis as unknown as LeaseCommands;
  const leases = new Map<string, Lease>();
  const holds = new Map<string, { lease: Lease; amount: bigint }>();

  function leaseOf(tenantId: string): Lease {
    const owner = options.instanceId();
    let lease = leases.get(tenantId);
    if (lease && lease.owner !== owner) {
      // Fenced: the old owner's holds, this lease among them, were released by another process.
      lease.owner = owner;
      lease.size = 0n;
      lease.consumed = 0n;
      lease.withheld = 0n;
      lease.unanswered = undefined;
    }
    if (!lease) {
      lease = {
        tenantId,
        owner,
        size: 0n,
        used: 0n,
        consumed: 0n,
        withheld: 0n,
        lastStep: 0,
        tail: Promise.resolve(),
        flushQueued: false,
        lastUsedAt: performance.now(),
      };
      leases.set(tenantId, lease);
    }
    return lease;
  }

  /** Runs `work` after the lease's earlier steps. */
  function inTurn<T>(lease: Lease, work: () => Promise<T>): Promise<T> {
    const run = lease.tail.then(work);
    lease.tail = run.catch(() => {});
    return run;
  }

  async function send(lease: Lease, step: Step): Promise<number> {
    const field = `r:lease:${lease.owner}`;
    let reply: [number, number];
    try {
      reply = await commands.relayLease(
        `${prefix}:tenant:{${lease.tenantId}}`,
        `${prefix}:owner:{${lease.owner}}`,
        `${prefix}:lease-step:{${lease.tenantId}}:${lease.owner}`,
        field,
        `${lease.tenantId}|lease|lease:${lease.owner}`,
        step.n,
        step.shrink.toString(),
        step.need.toString(),
        maxExtra.toString(),
        ttlSeconds,
        step.balance?.version.toString() ?? "",
        step.balance?.value.toString() ?? "",
      );
    } catch (error) {
      lease.unanswered = step;
      throw error instanceof HoldsUnavailableError ? error : new HoldsUnavailableError(error);
    }
    lease.unanswered = undefined;
    const [status, size] = reply;
    if (status === -1 || size === 0) {
      // No lease in Redis (given back, or Redis lost the mirror): nothing is left to shrink.
      lease.size = 0n;
      lease.consumed = 0n;
      lease.withheld = 0n;
      return status;
    }
    // What was consumed while the step was on its way is not in Redis's answer yet.
    const left = BigInt(size) - lease.consumed - lease.withheld;
    lease.size = left > 0n ? left : 0n;
    return status;
  }

  /**
   * Sends a step unanswered before, then this one: what was consumed (`all`: the whole lease),
   * and `need`.
   */
  async function step(lease: Lease, need: bigint, all = false): Promise<number> {
    if (lease.unanswered) {
      const status = await send(lease, lease.unanswered);
      if (status === -1) return status;
    }
    const next: Step = {
      n: ++lease.lastStep,
      shrink: all ? EVERYTHING : lease.consumed,
      need,
      balance: lease.balance,
    };
    lease.consumed = 0n;
    lease.balance = undefined;
    return send(lease, next);
  }

  function take(lease: Lease, request: HoldRequest): HoldResult {
    lease.used += request.amount;
    lease.lastUsedAt = performance.now();
    holds.set(request.requestId, { lease, amount: request.amount });
    return { ok: true };
  }

  const fits = (lease: Lease, amount: bigint) => lease.size - lease.used >= amount;

  function flush(lease: Lease): void {
    if (lease.flushQueued) return;
    lease.flushQueued = true;
    void inTurn(lease, async () => {
      lease.flushQueued = false;
      if (lease.consumed === 0n && !lease.unanswered) return;
      await step(lease, 0n);
    }).catch((error: unknown) => {
      // Kept to send again: until then Redis counts the lease larger than it is, never smaller.
      log.warn({ err: error, tenantId: lease.tenantId }, "Redis lease: shrink not sent; retrying");
    });
  }

  // Sends what failed to go and gives back leases unused for a while.
  const sweep = setInterval(() => {
    const now = performance.now();
    for (const lease of leases.values()) {
      if (lease.used === 0n && now - lease.lastUsedAt > idleMs) giveBack(lease);
      else if (lease.unanswered || lease.consumed > 0n) flush(lease);
    }
  }, 1_000);
  sweep.unref();

  // A lease object lives as long as the process (one per tenant it served): a second one for the
  // same tenant would share the first's field and steps in Redis.
  function giveBack(lease: Lease): Promise<void> {
    return inTurn(lease, async () => {
      if (lease.used > 0n) return;
      const held = lease.size + lease.consumed + lease.withheld;
      if (held === 0n && !lease.unanswered) return;
      lease.size = 0n;
      await step(lease, 0n, true);
    }).catch((error: unknown) => {
      log.warn({ err: error, tenantId: lease.tenantId }, "Redis lease: not given back; retrying");
    });
  }

  return {
    async reserve(request) {
      const lease = leaseOf(request.tenantId);
      if (fits(lease, request.amount)) return take(lease, request);
      return inTurn(lease, async () => {
        for (let attempt = 0; attempt < 3; attempt++) {
          if (fits(lease, request.amount)) return take(lease, request);
          const status = await step(lease, request.amount - (lease.size - lease.used));
          if (status === -1) await options.loadTenant(request.tenantId);
          else if (status === 0) return { ok: false, reason: "balance" } as const;
        }
        if (fits(lease, request.amount)) return take(lease, request);
        throw new HoldsUnavailableError(new Error("Redis lease: balance could not be loaded"));
      });
    },

    committed(settled, balances) {
      const balanceOf = new Map(balances.map((b) => [b.tenantId, b]));
      const touched = new Set<Lease>();
      for (const s of settled) {
        const hold = holds.get(s.requestId);
        if (!hold) continue;
        holds.delete(s.requestId);
        const { lease } = hold;
        lease.used -= hold.amount;
        // A charge above its hold (the upstream counted more prompt tokens than we did) takes
        // at most the whole lease.
        let spent = s.price;
        if (spent > lease.size) spent = lease.size;
        if (spent === 0n) continue;
        lease.size -= spent;
        const balance = balanceOf.get(lease.tenantId);
        if (!balance) {
          lease.withheld += spent;
          continue;
        }
        lease.consumed += spent;
        if (!lease.balance || lease.balance.version < balance.version) {
          lease.balance = { version: balance.version, value: balance.balance };
        }
        touched.add(lease);
      }
      for (const lease of touched) flush(lease);
    },

    trim(tenantId) {
      const lease = leases.get(tenantId);
      if (!lease || lease.size <= lease.used) return;
      lease.consumed += lease.size - lease.used;
      lease.size = lease.used;
      flush(lease);
    },

    dropped(requestId) {
      const hold = holds.get(requestId);
      if (!hold) return;
      holds.delete(requestId);
      hold.lease.used -= hold.amount;
    },

    async close() {
      clearInterval(sweep);
      await Promise.all([...leases.values()].map(giveBack));
    },
  };
}
