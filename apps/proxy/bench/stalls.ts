// How still this machine keeps a running thread: a thread spins alone, on the idle machine,
// reading the clock, and every gap between two readings is time it was not running (the kernel
// or, on a virtual machine, the host took the core). No latency percentile measured here can be
// finer than these stalls: a request in flight during one waits it out, whatever the proxy does.
import { machineTicks, machineUse } from "./cpu.ts";

/** A gap between two clock readings this long or longer counts as a stall. */
const STALL_MS = 1;

export interface Stalls {
  seconds: number;
  /** Gaps of STALL_MS or more. */
  count: number;
  longestMs: number;
  /** The share of the time the thread lost to them (0..1). */
  lostShare: number;
  /** The share of the machine's CPU its host took meanwhile (steal), where /proc tells. */
  stolen?: number;
}

/** Gaps of a run of clock readings, counted as they come. */
export class StallCounter {
  private last: number | undefined;
  private first: number | undefined;
  count = 0;
  longestMs = 0;
  lostMs = 0;

  observe(nowMs: number): void {
    if (this.last !== undefined) {
      const gap = nowMs - this.last;
      if (gap >= STALL_MS) {
        this.count++;
        this.lostMs += gap;
        if (gap > this.longestMs) this.longestMs = gap;
      }
    }
    this.first ??= nowMs;
    this.last = nowMs;
  }

  result(): Omit<Stalls, "stolen"> {
    const elapsedMs = (this.last ?? 0) - (this.first ?? 0);
    return {
      seconds: elapsedMs / 1000,
      count: this.count,
      longestMs: this.longestMs,
      lostShare: elapsedMs > 0 ? this.lostMs / elapsedMs : 0,
    };
  }
}

/** Spins for `seconds`, blocking this thread: run it before anything else is started. */
export function measureStalls(seconds: number): Stalls {
  const before = machineTicks();
  const counter = new StallCounter();
  const end = performance.now() + seconds * 1000;
  for (let now = performance.now(); now < end; now = performance.now()) counter.observe(now);
  return { ...counter.result(), stolen: machineUse(before, machineTicks())?.stolen };
}
