// The proxy's resident memory, sampled every few seconds from outside the process. A leak shows
// as RSS that keeps climbing after warm-up; a healthy process levels off once its heap, pools and
// caches have grown to the load.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

export interface RssSample {
  /** Seconds since the load started. */
  atSec: number;
  bytes: number;
}

/** Resident set size of a process, or undefined once it is gone. */
export function rssOf(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    // No /proc (macOS): ask ps.
    try {
      const kb = execFileSync("ps", ["-o", "rss=", "-p", String(pid)], { encoding: "utf8" }).trim();
      return kb === "" ? undefined : Number(kb) * 1024;
    } catch {
      return undefined;
    }
  }
}

export function sampleRss(
  pid: number,
  everyMs: number,
  startedAt: number,
): { samples: RssSample[]; gone: () => boolean; stop(): void } {
  const samples: RssSample[] = [];
  let gone = false;
  const take = () => {
    const bytes = rssOf(pid);
    if (bytes === undefined) gone = true;
    else samples.push({ atSec: (Date.now() - startedAt) / 1000, bytes });
  };
  take();
  const timer = setInterval(take, everyMs);
  return { samples, gone: () => gone, stop: () => clearInterval(timer) };
}

export interface RssVerdict {
  first: number;
  last: number;
  max: number;
  /**
   * Medians of the first and the last third of the samples after warm-up. RSS saws up and down by
   * a hundred MiB or more between major collections, so single samples say little; a leak lifts
   * the whole last third.
   */
  afterWarmup: number;
  atEnd: number;
  /** How far atEnd may rise above afterWarmup. */
  allowed: number;
  /**
   * False for a run too short to tell a leak from the heap's first growth (V8 grows the heap for
   * a minute or two before its first major collection): the figures are reported, not judged.
   */
  judged: boolean;
  ok: boolean;
}

/** The least time after warm-up over which RSS growth says anything about a leak. */
export const RSS_JUDGE_MIN_SEC = 120;

/** Growth allowed after warm-up: 64 MiB, or 30% of the warmed-up size if that is more. */
export const RSS_GROWTH = { fixedBytes: 64 * 1024 * 1024, fraction: 0.3 };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

export function judgeRss(samples: readonly RssSample[], warmupSec: number): RssVerdict {
  const bytes = samples.map((s) => s.bytes);
  const warm = samples.filter((s) => s.atSec >= warmupSec);
  const window = Math.max(1, Math.floor(warm.length / 3));
  const afterWarmup = median(warm.slice(0, window).map((s) => s.bytes));
  const atEnd = median(warm.slice(-window).map((s) => s.bytes));
  const allowed = Math.max(RSS_GROWTH.fixedBytes, afterWarmup * RSS_GROWTH.fraction);
  const span = (warm.at(-1)?.atSec ?? 0) - (warm[0]?.atSec ?? 0);
  const judged = span >= RSS_JUDGE_MIN_SEC;
  return {
    first: bytes[0] ?? 0,
    last: bytes.at(-1) ?? 0,
    max: Math.max(0, ...bytes),
    afterWarmup,
    atEnd,
    allowed,
    judged,
    ok: warm.length > 0 && (!judged || atEnd - afterWarmup <= allowed),
  };
}
