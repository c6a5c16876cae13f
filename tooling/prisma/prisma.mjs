#!/usr/bin/env node
// Runs the Prisma CLI without its native engines. Prisma 6 insists on downloading a schema-engine
// binary and a query-engine library before most commands, even though Relay uses neither (the
// client is `engineType = "client"` over the `pg` driver adapter and the CLI runs its WASM engine,
// see prisma.config.ts). Pointing those variables at any existing file skips the download.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const cli = require.resolve("prisma/build/index.js");
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
  PRISMA_QUERY_ENGINE_LIBRARY: process.env.PRISMA_QUERY_ENGINE_LIBRARY ?? process.execPath,
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
  PRISMA_DISABLE_WARNINGS: "1",
  CHECKPOINT_DISABLE: "1",
};
const result = spawnSync(process.execPath, [cli, ...process.argv.slice(2)], {
  stdio: "inherit",
  env,
});
process.exit(result.status ?? 1);
