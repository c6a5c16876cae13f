import { fileURLToPath } from "node:url";
import type { NextConfig } from "next";

// The monorepo root: standalone output traces files from here (workspace packages, the pnpm
// store), and Turbopack must be allowed to resolve the workspace packages that live outside
// apps/console.
const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

const prismaRuntime =
  "../../node_modules/.pnpm/@prisma+client@*/node_modules/@prisma/client/runtime";

// Next allows one dev server per build folder: an e2e run started beside a developer's `next dev`
// (or another run) gets its own folder under .next/ and a tsconfig that includes its types, since
// Next would otherwise rewrite tsconfig.json to add them. Unset: the defaults.
const isolatedDistDir = process.env.RELAY_CONSOLE_DIST_DIR;

// `pnpm start` builds the console when its sources change; `pnpm typecheck` checks the types, so
// that build skips doing it again (RELAY_CONSOLE_SKIP_TYPECHECK=1). Image builds still check.
const skipTypecheck = process.env.RELAY_CONSOLE_SKIP_TYPECHECK === "1";

const config: NextConfig = {
  ...(isolatedDistDir ? { distDir: isolatedDistDir } : {}),
  typescript: {
    ...(isolatedDistDir ? { tsconfigPath: "tsconfig.e2e.json" } : {}),
    ignoreBuildErrors: skipTypecheck,
  },
  // The image (docker/console.Dockerfile) runs the traced standalone server; `pnpm start` runs
  // `next start`, which does not serve a standalone build.
  ...(process.env.RELAY_CONSOLE_STANDALONE === "1" ? { output: "standalone" as const } : {}),
  // The dev server's hot-reload socket refuses other origins; the platform is opened as both
  // localhost and 127.0.0.1 (the e2e stack uses the latter). Without this the page reloads itself.
  allowedDevOrigins: ["localhost", "127.0.0.1"],
  outputFileTracingRoot: repoRoot,
  turbopack: {
    root: repoRoot,
    ignoreIssue: [
      {
        // relayHome() builds a path from RELAY_HOME for the embedded fallback, which a deployed
        // console never uses; the "whole project" it makes Next trace is only apps/console.
        path: "**/packages/db/src/paths.ts",
        title: /Dynamic filesystem access/,
      },
    ],
  },
  // Prisma ships query engines for every database and runtime; Relay runs only the PostgreSQL
  // query compiler (`engineType = "client"`), so the rest stays out of the standalone image.
  // Globs are joined to apps/console, hence the climb to the repo's pnpm store.
  outputFileTracingExcludes: {
    "/*": [
      `${prismaRuntime}/query_engine_bg.*`,
      `${prismaRuntime}/query_compiler_bg.{cockroachdb,mysql,sqlite,sqlserver}.*`,
      `${prismaRuntime}/{binary,library,edge,edge-esm,react-native,wasm-*-edge}.*`,
    ],
  },
  // Workspace packages ship TypeScript source (with `.ts` import specifiers); Next compiles them.
  transpilePackages: ["@relay/db", "@relay/billing", "@relay/services", "@relay/payments"],
  // Database drivers stay plain Node modules at run time: `pg` loads optional native bindings
  // lazily, and PGlite reads its WASM and data files from its own package folder.
  serverExternalPackages: [
    "pg",
    "@prisma/adapter-pg",
    "@electric-sql/pglite",
    "@electric-sql/pglite-socket",
  ],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default config;
