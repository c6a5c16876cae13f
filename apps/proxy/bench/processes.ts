// The benchmark's services each run in a child process of their own, so every process measured
// has its own event loop. Output goes to a log file per service; readiness is a line on stdout.
import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { createServer } from "node:net";

export interface Service {
  name: string;
  pid: number;
  /** The first capture group of the ready pattern (e.g. the URL it listens on). */
  ready: string;
  /** Sends SIGTERM and waits for the exit; SIGKILL after the grace period. */
  stop(graceMs?: number): Promise<Stopped>;
}

export interface Stopped {
  /** Exit code; null when it ended by a signal. */
  code: number | null;
  /** It did not exit within the grace period and was killed. */
  killed: boolean;
  ms: number;
}

export interface ServiceSpec {
  name: string;
  args: string[];
  cwd: string;
  env?: Record<string, string>;
  ready: RegExp;
  logFile: string;
  startTimeoutMs?: number;
}

const running = new Set<ChildProcess>();

/** Started children die with the benchmark, whatever way it ends. */
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

export function startService(spec: ServiceSpec): Promise<Service> {
  const child = spawn(process.execPath, spec.args, {
    cwd: spec.cwd,
    env: { ...process.env, ...spec.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  const log = createWriteStream(spec.logFile);
  child.stderr.pipe(log, { end: false });
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (code) => {
      running.delete(child);
      resolve(code);
    });
  });

  const stop = async (graceMs = 15_000): Promise<Stopped> => {
    const startedAt = performance.now();
    if (child.exitCode !== null || child.signalCode !== null) {
      return { code: child.exitCode, killed: false, ms: 0 };
    }
    let killed = false;
    child.kill("SIGTERM");
    const timer = setTimeout(() => {
      killed = true;
      child.kill("SIGKILL");
    }, graceMs);
    const code = await exited;
    clearTimeout(timer);
    return { code, killed, ms: performance.now() - startedAt };
  };

  return new Promise((resolve, reject) => {
    let seen = "";
    let started = false;
    const timer = setTimeout(() => {
      void stop(1_000);
      reject(new Error(`${spec.name} did not start in time; see ${spec.logFile}`));
    }, spec.startTimeoutMs ?? 30_000);
    child.stdout.on("data", (chunk: Buffer) => {
      log.write(chunk);
      if (started) return;
      seen += chunk.toString("utf8");
      const match = spec.ready.exec(seen);
      if (!match || child.pid === undefined) return;
      started = true;
      clearTimeout(timer);
      resolve({ name: spec.name, pid: child.pid, ready: match[1] ?? "", stop });
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(
        new Error(`${spec.name} exited with code ${code} before it was ready; see ${spec.logFile}`),
      );
    });
  });
}

/** A port free right now, for programs that cannot be told to pick one themselves. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
