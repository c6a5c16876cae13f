import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root: the folder holding pnpm-workspace.yaml above this package. */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "pnpm-workspace.yaml"))) {
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error("Relay: cannot find the project root (pnpm-workspace.yaml)");
    dir = parent;
  }
  return dir;
}

/** Where the embedded defaults keep their state (database files, generated secrets). */
export function relayHome(): string {
  return resolve(process.env.RELAY_HOME ?? join(projectRoot(), ".relay"));
}

export function migrationsDir(): string {
  return join(projectRoot(), "prisma", "migrations");
}

/**
 * The node arguments that run a bundled app (`tooling/build/run.mjs <target> [args]`), led by the
 * V8 flags that app is tuned for (`tooling/build/node-flags.json`), so the CLI, the benchmark and
 * the Docker image start it alike.
 */
export function bundledAppArgs(target: string, ...args: string[]): string[] {
  const root = projectRoot();
  const flags = JSON.parse(
    readFileSync(join(root, "tooling/build/node-flags.json"), "utf8"),
  ) as Record<string, string[]>;
  const app = target.split(":")[0] ?? target;
  return [...(flags[app] ?? []), join(root, "tooling/build/run.mjs"), target, ...args];
}
