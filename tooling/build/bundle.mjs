// The apps that run as plain Node processes (the proxy, the CLI and the embedded database process
// it supervises) run from JavaScript bundles that esbuild builds from their TypeScript sources:
// no TypeScript compiler runs in production, and start-up does not pay for on-the-fly transforms.
//
// Workspace packages (@relay/*) are bundled from source; npm packages stay imports, resolved here
// to the files the importing package would load (pnpm gives each package only its own
// dependencies, so a bare name would not resolve from the bundle's folder). Each build goes to a
// folder of its own and `current.json` is switched to it atomically, so a process still running an
// older build keeps loading its own lazily imported chunks.
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** What can be run, by name: its bundle folder and entry points (name -> source). */
export const TARGETS = {
  proxy: { dir: "apps/proxy/dist", entries: { main: "apps/proxy/src/main.ts" } },
  cli: {
    dir: "apps/cli/dist",
    entries: {
      main: "apps/cli/src/main.ts",
      "database-process": "apps/cli/src/platform/database-process.ts",
    },
  },
};

/** Builds older than this many generations are removed (a running process may use a recent one). */
const KEEP_BUILDS = 3;

function currentBuild(target) {
  const pointer = join(root, target.dir, "current.json");
  if (!existsSync(pointer)) return undefined;
  try {
    return JSON.parse(readFileSync(pointer, "utf8"));
  } catch {
    return undefined;
  }
}

/** A build is fresh while none of the source files it was made from changed or disappeared. */
function isFresh(build) {
  if (!build) return false;
  for (const input of build.inputs) {
    let modified;
    try {
      modified = statSync(join(root, input)).mtimeMs;
    } catch {
      return false;
    }
    if (modified > build.startedAt) return false;
  }
  return true;
}

/**
 * Packages that find files next to their own modules at run time (worker threads, wasm and data
 * files), so they must stay where they are installed; everything else is bundled, which saves
 * Node resolving and compiling hundreds of modules at every start.
 */
const KEEP_EXTERNAL =
  /^(pg|pg-pool|pino|pino-pretty|thread-stream|@electric-sql\/[^/]+|esbuild|next|tsx)(\/|$)/;

/** Marks npm packages external, as the absolute file their importer would resolve them to. */
const externalPackages = {
  name: "external-packages",
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.path.startsWith("node:") || !KEEP_EXTERNAL.test(args.path)) return undefined;
      if (args.pluginData?.resolving) return undefined;
      const resolved = await build.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        importer: args.importer,
        pluginData: { resolving: true },
      });
      if (resolved.errors.length > 0) return { errors: resolved.errors };
      // Node built-ins (fs, crypto...) imported without the node: prefix.
      if (!resolved.path.startsWith("/")) return { path: args.path, external: true };
      return { path: resolved.path, external: true };
    });
  },
};

async function build(target) {
  const { build: esbuild, stop } = await import("esbuild");
  const id = `build-${Date.now()}-${process.pid}`;
  const outdir = join(root, target.dir, id);
  const startedAt = Date.now();
  const result = await esbuild({
    absWorkingDir: root,
    entryPoints: target.entries,
    outdir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    conditions: ["node", "import"],
    sourcemap: "linked",
    metafile: true,
    logLevel: "warning",
    // Code bundled from CommonJS sources may call require(): give the ESM bundle one.
    banner: {
      js: "import { createRequire as __relayCreateRequire } from 'node:module'; const require = __relayCreateRequire(import.meta.url);",
    },
    plugins: [externalPackages],
  });
  // esbuild's service process would otherwise outlive the build in this process's group.
  await stop();
  const inputs = Object.keys(result.metafile.inputs)
    .filter((input) => !input.startsWith("/") && !input.includes("node_modules"))
    .map((input) => relative(root, resolve(root, input)));
  const pointer = join(root, target.dir, "current.json");
  const temporary = `${pointer}.${process.pid}`;
  writeFileSync(temporary, JSON.stringify({ id, startedAt, inputs }));
  renameSync(temporary, pointer);
  pruneOldBuilds(target, id);
  return { id };
}

function pruneOldBuilds(target, keep) {
  const dir = join(root, target.dir);
  const builds = readdirSync(dir)
    .filter((entry) => entry.startsWith("build-") && entry !== keep)
    .sort()
    .reverse();
  for (const old of builds.slice(KEEP_BUILDS - 1))
    rmSync(join(dir, old), { recursive: true, force: true });
}

/** The file to run for a target's entry, building the target first when its sources changed. */
export async function ensureBuilt(name, entry = "main") {
  const target = TARGETS[name];
  if (!target)
    throw new Error(`unknown build target "${name}" (${Object.keys(TARGETS).join(", ")})`);
  let current = currentBuild(target);
  if (!isFresh(current)) {
    mkdirSync(join(root, target.dir), { recursive: true });
    current = await build(target);
  }
  return join(root, target.dir, current.id, `${entry}.js`);
}

// `node tooling/build/bundle.mjs [target...]`: build now (all targets by default), fresh or not.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const names = process.argv.slice(2);
  for (const name of names.length > 0 ? names : Object.keys(TARGETS)) {
    const target = TARGETS[name];
    if (!target) {
      console.error(`unknown build target "${name}" (${Object.keys(TARGETS).join(", ")})`);
      process.exit(2);
    }
    mkdirSync(join(root, target.dir), { recursive: true });
    const started = performance.now();
    await build(target);
    console.log(`built ${name} in ${Math.round(performance.now() - started)} ms`);
  }
}
