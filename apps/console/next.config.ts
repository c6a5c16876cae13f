import { fileURLToPath } from "node:url";
import type { NextConfig } from "next";

// The monorepo root: standalone output traces files from here (workspace packages, the pnpm
// store), and Turbopack must be allowed to resolve the workspace packages that live outside
// apps/console.
const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

const prismaRuntime =
  "../../node_modules/.pnpm/@prisma+client@*/node_modules/@prisma/client/runtime";

const config: NextConfig = {
  output: "standalone",
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
  transpilePackages: ["@relay/db", "@relay/billing", "@relay/services"],
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
