// The console's production build is made once per change of its sources: a start with nothing
// changed reuses it, a changed source (not a test) builds again, and concurrent starts build once.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { consoleFingerprint, ensureConsoleBuilt } from "./console-build.ts";

let root: string;
let options: Parameters<typeof ensureConsoleBuilt>[0];
const builds = () => Number(readFileSync(join(root, "builds"), "utf8"));

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "relay-console-build-"));
  const consoleDir = join(root, "apps/console");
  mkdirSync(join(consoleDir, "src"), { recursive: true });
  writeFileSync(join(consoleDir, "src/page.tsx"), "export default 1;\n");
  writeFileSync(join(consoleDir, "next.config.ts"), "export default {};\n");
  writeFileSync(join(root, "builds"), "0");
  // A stand-in for `next build`: counts its runs and leaves a BUILD_ID, slowly enough for two
  // starts to overlap.
  const nextBin = join(root, "fake-next.mjs");
  writeFileSync(
    nextBin,
    `import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
     const count = Number(readFileSync(${JSON.stringify(join(root, "builds"))}, "utf8")) + 1;
     writeFileSync(${JSON.stringify(join(root, "builds"))}, String(count));
     await new Promise((resolve) => setTimeout(resolve, 300));
     mkdirSync(".next", { recursive: true });
     writeFileSync(".next/BUILD_ID", "build-" + count);`,
  );
  options = { root, consoleDir, distDir: join(consoleDir, ".next"), nextBin, env: process.env };
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("the console's production build", () => {
  it("is made once, then reused until a source changes", async () => {
    expect(await ensureConsoleBuilt(options)).toBe(true);
    expect(await ensureConsoleBuilt(options)).toBe(false);
    expect(builds()).toBe(1);

    // A test file is not built: changing it keeps the build.
    writeFileSync(join(root, "apps/console/src/page.test.tsx"), "test\n");
    expect(await ensureConsoleBuilt(options)).toBe(false);

    const page = join(root, "apps/console/src/page.tsx");
    writeFileSync(page, "export default 2;\n");
    utimesSync(page, new Date(), new Date(Date.now() + 5_000));
    expect(await ensureConsoleBuilt(options)).toBe(true);
    expect(builds()).toBe(2);
  });

  it("is built once when two starts need it at the same time", async () => {
    const both = await Promise.all([ensureConsoleBuilt(options), ensureConsoleBuilt(options)]);
    expect(both.sort()).toEqual([false, true]);
    expect(builds()).toBe(1);
  });

  it("has a fingerprint that moves with a source and not otherwise", () => {
    const before = consoleFingerprint(root);
    expect(consoleFingerprint(root)).toBe(before);
    writeFileSync(join(root, "apps/console/next.config.ts"), "export default { a: 1 };\n");
    expect(consoleFingerprint(root)).not.toBe(before);
  });
});
