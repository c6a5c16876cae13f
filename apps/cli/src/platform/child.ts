// A platform service run as a child process, its output prefixed so the terminal stays readable.
// Each child leads a process group of its own: Ctrl-C reaches only the supervisor, which stops the
// children in order, and a signal to the group also reaches what the child started itself (the
// console's `next dev` forks its server).
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Child {
  name: string;
  pid: number;
  process: ChildProcess;
  /** Resolves when the child ends, for whatever reason. */
  exited: Promise<Exit>;
  /** Signals the child's whole process group; false when nothing was left to signal. */
  kill(signal: NodeJS.Signals): boolean;
  /** SIGTERM, then SIGKILL if the child is still there after graceMs. */
  stop(graceMs: number): Promise<void>;
}

export interface ChildSpec {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** An IPC channel, which closes when the supervisor dies however it dies. */
  ipc?: boolean;
}

const COLORS: Record<string, string> = {
  database: "\x1b[32m",
  proxy: "\x1b[36m",
  console: "\x1b[35m",
};

export function startChild(spec: ChildSpec): Child {
  const child = spawn(spec.command, spec.args, {
    cwd: spec.cwd,
    env: spec.env,
    stdio: spec.ipc ? ["ignore", "pipe", "pipe", "ipc"] : ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const pid = child.pid;
  if (pid === undefined) {
    child.once("error", () => {}); // reported by the throw below
    throw new Error(`could not start ${spec.name}: ${spec.command}`);
  }
  const label = `${COLORS[spec.name] ?? ""}[${spec.name}]\x1b[0m `;
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on("line", (line) =>
      process.stdout.write(`${label}${line}\n`),
    );
  }
  const exited = new Promise<Exit>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const kill = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
      return true;
    } catch {
      return false; // the group is gone
    }
  };
  return {
    name: spec.name,
    pid,
    process: child,
    exited,
    kill,
    async stop(graceMs) {
      if (!kill("SIGTERM")) return;
      const timer = setTimeout(() => kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
      kill("SIGKILL"); // whatever the child started and left behind
    },
  };
}
