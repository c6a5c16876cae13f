// Keeps the platform's children running. A child that exits on its own is started again after the
// restart policy's wait, and one line on the terminal says so; nothing is stopped unless stop() is
// called (Ctrl-C, SIGTERM), which stops the children one by one in reverse start order. While a
// child runs, its pid is in <runDir>/<name>.pid.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Child, type ChildSpec, type Exit, startChild } from "./child.ts";
import { afterCrash, RESTART_POLICY, type RestartPolicy } from "./restart-policy.ts";

/** What start-up and the terminal see of a supervised child. */
export interface Service {
  readonly name: string;
  /** The running child's pid; undefined while it waits to be started again. */
  readonly pid: number | undefined;
  readonly restarts: number;
}

interface Supervised {
  spec: ChildSpec;
  child: Child | undefined;
  startedAt: number;
  streak: number;
  restarts: number;
  timer: NodeJS.Timeout | undefined;
}

export class Supervisor {
  private readonly supervised: Supervised[] = [];
  private stopping = false;
  private readonly policy: RestartPolicy;
  private readonly say: (line: string) => void;

  constructor(
    private readonly runDir: string,
    options: { policy?: RestartPolicy; say?: (line: string) => void } = {},
  ) {
    this.policy = options.policy ?? RESTART_POLICY;
    this.say = options.say ?? ((line) => process.stderr.write(`\x1b[33m[relay]\x1b[0m ${line}\n`));
    mkdirSync(runDir, { recursive: true });
    // Should the supervisor itself die of an error, its children are asked to stop too (it can
    // no longer wait for them).
    process.once("exit", () => {
      for (const entry of this.supervised) {
        entry.child?.kill("SIGTERM");
        rmSync(this.pidFile(entry), { force: true });
      }
    });
  }

  start(spec: ChildSpec): Service {
    const entry: Supervised = {
      spec,
      child: undefined,
      startedAt: 0,
      streak: 0,
      restarts: 0,
      timer: undefined,
    };
    this.supervised.push(entry);
    this.run(entry);
    return {
      name: spec.name,
      get pid() {
        return entry.child?.pid;
      },
      get restarts() {
        return entry.restarts;
      },
    };
  }

  /** Stops every child, the last started first: SIGTERM, then SIGKILL after graceMs. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    for (const entry of this.supervised) clearTimeout(entry.timer);
    for (const entry of [...this.supervised].reverse()) {
      await entry.child?.stop(graceMs);
      entry.child = undefined;
      rmSync(this.pidFile(entry), { force: true });
    }
  }

  private run(entry: Supervised): void {
    const child = startChild(entry.spec);
    entry.child = child;
    entry.startedAt = Date.now();
    writeFileSync(this.pidFile(entry), `${child.pid}\n`);
    void child.exited.then((exit) => {
      if (this.stopping) return;
      entry.child = undefined;
      rmSync(this.pidFile(entry), { force: true });
      child.kill("SIGKILL"); // what it started and left behind, holding its port
      const uptimeMs = Date.now() - entry.startedAt;
      const { streak, delayMs } = afterCrash(entry.streak, uptimeMs, this.policy);
      entry.streak = streak;
      this.say(
        `${entry.spec.name} (pid ${child.pid}) ${describe(exit)} after ${seconds(uptimeMs)}; ` +
          `restarting it in ${seconds(delayMs)}${streak > 1 ? ` (crash ${streak} in a row)` : ""}.`,
      );
      entry.timer = setTimeout(() => {
        entry.restarts += 1;
        this.run(entry);
      }, delayMs);
    });
  }

  private pidFile(entry: Supervised): string {
    return join(this.runDir, `${entry.spec.name}.pid`);
  }
}

function describe(exit: Exit): string {
  return exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
}

function seconds(ms: number): string {
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 60_000)} min`;
}
