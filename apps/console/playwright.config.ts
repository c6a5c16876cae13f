import { defineConfig } from "@playwright/test";
import { chromiumPath } from "./e2e/chromium.ts";

// The system's Chromium (CHROMIUM_PATH, or Debian's package; see e2e/chromium.ts), not a browser
// downloaded by `playwright install`. Every spec runs against one platform started by
// `pnpm start` in global-setup.ts.
export default defineConfig({
  testDir: "e2e",
  globalSetup: "./e2e/global-setup.ts",
  timeout: 240_000,
  expect: { timeout: 20_000 },
  workers: 1,
  reporter: [["list"]],
  use: {
    browserName: "chromium",
    launchOptions: {
      executablePath: chromiumPath(),
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--headless"],
    },
    permissions: ["clipboard-read", "clipboard-write"],
    trace: "off",
    screenshot: "only-on-failure",
  },
  outputDir: "e2e/.results",
});
