// The supervisor with small Node children standing in for the platform's services.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RESTART_POLICY } from "./restart-policy.ts";
import { Supervisor } from "./supervisor.ts";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "relay-supervisor-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A child running `script`, with `dir` and its name in the environment. */
function spec(name: string, script: string) {
  return {
    name,
    command: process.execPath,
    args: ["-e", script],
    cwd: dir,
    env: { ...process.env, DIR: dir, NAME: name },
  };
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 20));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// Appends its name to DIR/stopped on SIGTERM and exits; DIR/<name>.ready once it listens for it.
const POLITE = `
  const fs = require("node:fs");
  process.on("SIGTERM", () => { fs.appendFileSync(process.env.DIR + "/stopped", process.env.NAME + "\\n"); process.exit(0); });
  fs.writeFileSync(process.env.DIR + "/" + process.env.NAME + ".ready", "");
  setInterval(() => {}, 1e9);
`;

describe("Supervisor", () => {
  it("starts a child that exits on its own again, says so in one line, and keeps its pid file current", async () => {
    const lines: string[] = [];
    const supervisor = new Supervisor(join(dir, "run"), {
      policy: { ...RESTART_POLICY, firstDelayMs: 100 },
      say: (line) => lines.push(line),
    });
    // Exits with code 3 the first time, then runs.
    const service = supervisor.start(
      spec(
        "flaky",
        `const fs = require("node:fs"); const marker = process.env.DIR + "/crashed";
         if (!fs.existsSync(marker)) { fs.writeFileSync(marker, ""); process.exit(3); }
         setInterval(() => {}, 1e9);`,
      ),
    );
    const steady = supervisor.start(spec("steady", POLITE));
    const firstPid = service.pid;
    const steadyPid = steady.pid;

    await until(() => service.restarts === 1 && service.pid !== undefined);
    expect(service.pid).not.toBe(firstPid);
    expect(readFileSync(join(dir, "run", "flaky.pid"), "utf8")).toBe(`${service.pid}\n`);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(
        `^flaky \\(pid ${firstPid}\\) exited with code 3 after \\d+\\.\\d s; restarting it in 0\\.1 s\\.$`,
      ),
    );
    expect(steady.pid).toBe(steadyPid);

    await supervisor.stop(5_000);
    expect(existsSync(join(dir, "run", "flaky.pid"))).toBe(false);
    expect(existsSync(join(dir, "run", "steady.pid"))).toBe(false);
  });

  it("stops the children the last started first, and kills one that ignores SIGTERM after the grace", async () => {
    const supervisor = new Supervisor(join(dir, "run"), { say: () => {} });
    const services = [
      supervisor.start(spec("database", POLITE)),
      supervisor.start(spec("proxy", POLITE)),
      supervisor.start(
        spec(
          "console",
          `const fs = require("node:fs");
           process.on("SIGTERM", () => fs.appendFileSync(process.env.DIR + "/stopped", "console ignores SIGTERM\\n"));
           fs.writeFileSync(process.env.DIR + "/console.ready", "");
           setInterval(() => {}, 1e9);`,
        ),
      ),
    ];
    await until(() => services.every((s) => existsSync(join(dir, `${s.name}.ready`))));
    const pids = services.map((s) => s.pid ?? 0);

    const startedAt = performance.now();
    await supervisor.stop(300);
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(300);

    expect(readFileSync(join(dir, "stopped"), "utf8")).toBe(
      "console ignores SIGTERM\nproxy\ndatabase\n",
    );
    for (const pid of pids) expect(alive(pid)).toBe(false);
  });
});
