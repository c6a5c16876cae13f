// Plain JavaScript: vitest loads its config files with Node, which cannot import TypeScript from
// a workspace package.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * The shared vitest config: tests beside the code, one migrated database per package run.
 * @param {{ database?: boolean, timeoutMs?: number, include?: string[] }} [options] include: test
 *   files besides src/ and test/ (a package's bench tooling, say)
 */
export function relayVitestConfig(options = {}) {
  return defineConfig({
    test: {
      include: ["src/**/*.test.ts", "test/**/*.test.ts", ...(options.include ?? [])],
      globalSetup:
        options.database === false
          ? []
          : [fileURLToPath(new URL("./global-setup.ts", import.meta.url))],
      testTimeout: options.timeoutMs ?? 30_000,
      hookTimeout: 120_000,
      // Test files share one database: run them one after another, not interleaved.
      fileParallelism: false,
    },
  });
}
