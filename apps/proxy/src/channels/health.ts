// Per-process channel health. A channel that fails `threshold` times in a row is cooled down:
// skipped while others can serve, and probed in the background until it answers again.
export interface ChannelHealthState {
  consecutiveFailures: number;
  cooldownUntil: number;
  successes: number;
  failures: number;
  lastLatencyMs?: number;
}

export interface HealthOptions {
  threshold?: number;
  cooldownMs?: number;
  now?: () => number;
  /** After each failure; `cooledDown` when this one started a cooldown (metrics, logs). */
  onFailure?: (channelId: string, cooledDown: boolean) => void;
}

export class ChannelHealth {
  private readonly states = new Map<string, ChannelHealthState>();
  private readonly threshold: number;
  private readonly cooldownMs: number;
  private readonly now: () => number;
  private readonly onFailure: HealthOptions["onFailure"];

  constructor(options: HealthOptions = {}) {
    this.threshold = options.threshold ?? 3;
    this.cooldownMs = options.cooldownMs ?? 30_000;
    this.now = options.now ?? Date.now;
    this.onFailure = options.onFailure;
  }

  state(channelId: string): ChannelHealthState {
    let state = this.states.get(channelId);
    if (!state) {
      state = { consecutiveFailures: 0, cooldownUntil: 0, successes: 0, failures: 0 };
      this.states.set(channelId, state);
    }
    return state;
  }

  isCooling(channelId: string): boolean {
    return this.state(channelId).cooldownUntil > this.now();
  }

  cooling(): string[] {
    return [...this.states.entries()]
      .filter(([, state]) => state.cooldownUntil > this.now())
      .map(([id]) => id);
  }

  success(channelId: string, latencyMs?: number): void {
    const state = this.state(channelId);
    state.consecutiveFailures = 0;
    state.cooldownUntil = 0;
    state.successes += 1;
    if (latencyMs !== undefined) state.lastLatencyMs = latencyMs;
  }

  failure(channelId: string): void {
    const state = this.state(channelId);
    state.consecutiveFailures += 1;
    state.failures += 1;
    const wasCooling = state.cooldownUntil > this.now();
    if (state.consecutiveFailures >= this.threshold) {
      state.cooldownUntil = this.now() + this.cooldownMs;
    }
    this.onFailure?.(channelId, !wasCooling && state.cooldownUntil > this.now());
  }

  /** Every channel seen so far, for reporting. */
  snapshot(): (ChannelHealthState & { channelId: string })[] {
    return [...this.states.entries()].map(([channelId, state]) => ({ channelId, ...state }));
  }

  /** A probe answered: the channel serves again. */
  recovered(channelId: string): void {
    const state = this.state(channelId);
    state.consecutiveFailures = 0;
    state.cooldownUntil = 0;
  }
}
