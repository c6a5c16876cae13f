import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bundledAppArgs, projectRoot } from "./paths.ts";

const root = projectRoot();

describe("bundledAppArgs", () => {
  it("leads with the app's V8 flags, then the runner, the target and its arguments", () => {
    expect(bundledAppArgs("proxy")).toEqual([
      "--max-semi-space-size=32",
      join(root, "tooling/build/run.mjs"),
      "proxy",
    ]);
    // An entry of an app takes the app's flags (the CLI has none).
    expect(bundledAppArgs("cli:database-process", "0")).toEqual([
      join(root, "tooling/build/run.mjs"),
      "cli:database-process",
      "0",
    ]);
  });

  it("is how the proxy's Docker image starts it", () => {
    const dockerfile = readFileSync(join(root, "docker/proxy.Dockerfile"), "utf8");
    const cmd = dockerfile.match(/^CMD (\[.*\])$/m)?.[1];
    expect(cmd).toBeDefined();
    const args = bundledAppArgs("proxy").map((arg) => arg.replace(`${root}/`, ""));
    expect(JSON.parse(cmd ?? "[]")).toEqual(["node", ...args]);
  });

  it("is how `pnpm --filter @relay/proxy start` starts it", () => {
    const manifest = JSON.parse(readFileSync(join(root, "apps/proxy/package.json"), "utf8")) as {
      scripts: { start: string };
    };
    const args = bundledAppArgs("proxy").map((arg) => arg.replace(`${root}/`, "../../"));
    expect(manifest.scripts.start).toBe(["node", ...args].join(" "));
  });
});
