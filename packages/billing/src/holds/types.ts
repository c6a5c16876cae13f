// A hold reserves a call's maximum price before the call is forwarded, and lives exactly as long
// as the call: it is settled by the call's own settlement, or released because the process that
// served the call is gone (owners.ts). Never by a clock while its process is alive.

export interface HoldRequest {
  requestId: string;
  tenantId: string;
  apiKeyId: string;
  amount: bigint;
  /** The call's deadline: the proxy ends the call by then (kept on the hold for operators). */
  ttlMs: number;
  /** The key has a spending budget to check too. */
  budgeted: boolean;
  /** The key's budget, when it has one (micro-dollars). */
  budget?: bigint | null;
  /**
   * "platform": the hold outlives the call that placed it (a fine-tuning job's): no process owns
   * it, so no process's death releases it. It is settled by whichever process sees the work end,
   * or released once `ttlMs` has passed.
   */
  owner?: "platform";
}

export type HoldResult = { ok: true } | { ok: false; reason: "balance" | "budget" };

export interface HoldStore {
  reserve(request: HoldRequest): Promise<HoldResult>;
}
