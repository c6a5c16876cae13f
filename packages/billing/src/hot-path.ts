// What the proxy's hot path moves money with: holds, their owners, and batched settlement. Plain
// SQL over a pg pool (and Redis), kept apart from the Prisma-based entry the console uses.
export {
  BALANCE_CHANNEL,
  type BalanceNotice,
  decodeBalanceNotice,
} from "./balance-notice.ts";
export { consoleFailureLog, type FailureLog } from "./failure-log.ts";
export {
  createMemoryHoldStore,
  type MemoryHoldStore,
  releasingMemoryHolds,
} from "./holds/memory-holds.ts";
export {
  createHoldOwner,
  DEFAULT_OWNER_TIMINGS,
  type HoldOwner,
  type OwnerTimings,
  otherLiveOwners,
  type ReleasedHold,
  releaseHolds,
} from "./holds/owners.ts";
export { createPgHoldStore } from "./holds/pg-holds.ts";
export {
  createRedisHoldStore,
  type RedisHoldStore,
  releasingRedisHolds,
} from "./holds/redis-holds.ts";
export type { HoldRequest, HoldResult, HoldStore } from "./holds/types.ts";
export type { Settlement } from "./settlement/settlement.ts";
export {
  type BatchStats,
  type Committed,
  createSettlementWriter,
  type HoldRecord,
  type SettlementSink,
  type WriterOptions,
} from "./settlement/writer.ts";
export { onPgClient, prepared } from "./transaction.ts";
export { HoldsUnavailableError, isUnavailable } from "./unavailable.ts";
