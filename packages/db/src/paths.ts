import { existsSync } from "node:fs";
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
