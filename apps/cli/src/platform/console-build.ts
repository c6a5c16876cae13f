// `pnpm start` serves the console from a production build (`next build`, then `next start`), made
// when none exists for the console's current sources and reused otherwise; `pnpm dev` keeps the
// development server. The build is fingerprinted by the size and modification time of every
// file it compiles (the console and the workspace packages it bundles, the lockfile), and a lock
// folder keeps two starts from building into the same folder at once.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

/** What a console build is made from, relative to the repository root. */
const INPUT_DIRS = [
  "apps/console/src",
  "apps/console/public",
  "packages/db/src",
  "packages/billing/src",
  "packages/services/src",
  "packages/payments/src",
];
const INPUT_FILES = [
  "apps/console/next.config.ts",
  "apps/console/package.json",
  "apps/console/postcss.config.mjs",
  "apps/console/tsconfig.json",
  "pnpm-lock.yaml",
];
/** Tests are not part of the build: changing one does not need a new build. */
const NOT_BUILT = /\.(test|spec)\.tsx?$/;

function walk(dir: string, files: string[]): void {
  let entries: import("node:fs").Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return; // an optional folder (public/) that does not exist
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, files);
    else if (!NOT_BUILT.test(entry.name)) files.push(path);
  }
}

/** A fingerprint of the console's build inputs: it changes whenever one of them does. */
export function consoleFingerprint(root: string): string {
  const files: string[] = [];
  for (const dir of INPUT_DIRS) walk(join(root, dir), files);
  for (const file of INPUT_FILES) files.push(join(root, file));
  const hash = createHash("sha256");
  for (const file of files.sort()) {
    try {
      const stat = statSync(file);
      hash.update(`${relative(root, file)}\0${stat.size}\0${stat.mtimeMs}\n`);
    } catch {
      hash.update(`${relative(root, file)}\0missing\n`);
    }
  }
  return hash.digest("hex");
}

interface BuildStamp {
  fingerprint: string;
  builtAt: string;
}

function readStamp(distDir: string): BuildStamp | undefined {
  try {
    return JSON.parse(readFileSync(join(distDir, "relay-build.json"), "utf8")) as BuildStamp;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Holds `lock` while `fn` runs; a lock left by a process that died is taken over. */
async function withLock<T>(lock: string, fn: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, "pid"), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number(readFileSafe(join(lock, "pid")));
      if (owner && !alive(owner)) rmSync(lock, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function readFileSafe(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

function runBuild(nextBin: string, consoleDir: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin, "build"], {
      cwd: consoleDir,
      // `pnpm typecheck` checks the console; the start's build need not do it again.
      env: { ...env, NODE_ENV: "production", RELAY_CONSOLE_SKIP_TYPECHECK: "1" },
      stdio: ["ignore", "inherit", "inherit"],
    });
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`next build exited with code ${code}`)),
    );
  });
}

/**
 * Makes sure `distDir` (absolute) holds a production build of the console's current sources,
 * building it if not. Returns whether it built.
 */
export async function ensureConsoleBuilt(options: {
  root: string;
  consoleDir: string;
  distDir: string;
  nextBin: string;
  env: NodeJS.ProcessEnv;
}): Promise<boolean> {
  const { root, distDir } = options;
  const fresh = () => {
    const stamp = readStamp(distDir);
    return (
      stamp?.fingerprint === consoleFingerprint(root) &&
      readFileSafe(join(distDir, "BUILD_ID")) !== ""
    );
  };
  if (fresh()) return false;
  mkdirSync(join(distDir, ".."), { recursive: true });
  return withLock(`${distDir}.build-lock`, async () => {
    // Another start may have built it while this one waited for the lock.
    if (fresh()) return false;
    const fingerprint = consoleFingerprint(root);
    console.log("Building the console for production (once per change of its sources)…");
    const startedAt = performance.now();
    await runBuild(options.nextBin, options.consoleDir, options.env);
    const stamp: BuildStamp = { fingerprint, builtAt: new Date().toISOString() };
    writeFileSync(join(distDir, "relay-build.json"), JSON.stringify(stamp));
    console.log(`Console built in ${((performance.now() - startedAt) / 1000).toFixed(0)} s.`);
    return true;
  });
}
