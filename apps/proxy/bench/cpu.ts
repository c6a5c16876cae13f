// CPU time a process has used so far (user + system), from /proc: where the time per request
// goes. Undefined where /proc is not available.
import { readdirSync, readFileSync } from "node:fs";

/** Clock ticks per second of /proc's counters; 100 on every Linux this runs on. */
const TICKS_PER_SECOND = 100;

export function cpuSeconds(pid: number): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  // Fields after the command name, which may itself contain spaces or parentheses.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const user = Number(fields[11]);
  const system = Number(fields[12]);
  if (!Number.isFinite(user) || !Number.isFinite(system)) return undefined;
  return (user + system) / TICKS_PER_SECOND;
}

/**
 * A role is one process, or several found when sampled (a database server's backends, which come
 * and go with connections), summed.
 */
export type Watched = Record<string, number | (() => number[])>;

export function snapshot(pids: Watched): Record<string, number | undefined> {
  return Object.fromEntries(
    Object.entries(pids).map(([role, pid]) => {
      if (typeof pid === "number") return [role, cpuSeconds(pid)];
      const each = pid()
        .map(cpuSeconds)
        .filter((s): s is number => s !== undefined);
      return [role, each.length > 0 ? each.reduce((a, b) => a + b, 0) : undefined];
    }),
  );
}

/** The processes running a program (by its /proc comm name): a server and its workers. */
export function processesNamed(...names: string[]): number[] {
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return [];
  }
  const pids: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const comm = readFileSync(`/proc/${entry}/comm`, "utf8").trim();
      if (names.includes(comm)) pids.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return pids;
}

/** CPU seconds each process used between two snapshots. */
export function used(
  before: Record<string, number | undefined>,
  after: Record<string, number | undefined>,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [role, start] of Object.entries(before)) {
    const end = after[role];
    if (start !== undefined && end !== undefined) out[role] = end - start;
  }
  return out;
}

/** The whole machine's CPU counters (/proc/stat), in ticks over every core. */
export function machineTicks(): { busy: number; steal: number; total: number } | undefined {
  let line: string | undefined;
  try {
    line = readFileSync("/proc/stat", "utf8").split("\n")[0];
  } catch {
    return undefined;
  }
  // cpu user nice system idle iowait irq softirq steal ...
  const ticks = (line ?? "").trim().split(/\s+/).slice(1, 9).map(Number);
  if (ticks.length < 8 || ticks.some((t) => !Number.isFinite(t))) return undefined;
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  const total = ticks.reduce((sum, t) => sum + t, 0);
  return { busy: total - idle, steal: ticks[7] ?? 0, total };
}

/**
 * Shares (0..1) of the machine's CPU between two readings: busy, and taken by its host (steal:
 * time a virtual machine's cores wanted to run and were not let).
 */
export interface MachineUse {
  busy: number;
  stolen: number;
}

export function machineUse(
  before: ReturnType<typeof machineTicks>,
  after: ReturnType<typeof machineTicks>,
): MachineUse | undefined {
  if (!before || !after || after.total === before.total) return undefined;
  const total = after.total - before.total;
  return { busy: (after.busy - before.busy) / total, stolen: (after.steal - before.steal) / total };
}

/** The average of several readings' shares; undefined without any. */
export function meanUse(uses: MachineUse[]): MachineUse | undefined {
  if (uses.length === 0) return undefined;
  const sum = (pick: (use: MachineUse) => number) => uses.reduce((t, use) => t + pick(use), 0);
  return { busy: sum((u) => u.busy) / uses.length, stolen: sum((u) => u.stolen) / uses.length };
}
