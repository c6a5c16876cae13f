// `pnpm --filter @relay/console e2e`: the Playwright specs in Debian's Chromium. CI installs the
// browser (.ci/run) and must run them; a machine without it (a fresh laptop with only Node.js)
// is told how to get it and skips them, so `pnpm test` stays usable there.
import { spawnSync } from "node:child_process";
import { chromiumPath } from "./chromium.ts";

if (!chromiumPath()) {
  const message =
    "Chromium not found (set CHROMIUM_PATH, or `apt-get install chromium`): the console's browser specs";
  if (process.env.CI) {
    console.error(`${message} cannot run, and CI requires them.`);
    process.exit(1);
  }
  console.warn(`${message} are skipped.`);
  process.exit(0);
}

const result = spawnSync("playwright", ["test", ...process.argv.slice(2)], {
  stdio: "inherit",
  shell: process.platform === "win32",
});
process.exit(result.status ?? 1);
