// kill -9 of a proxy process with 100 streams in flight, then its restart: the dead process's
// holds are released within seconds (not after a TTL), nothing is charged for calls whose outcome
// died with it, nothing is charged twice, and the restarted process serves and charges normally.
// The proxy runs as a real process started the way `pnpm start` starts it (src/main.ts).
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { startUpstreamSim, type UpstreamSim } from "@relay/upstream-sim";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, modelOn, startHarness } from "../testing/harness.ts";

const proxyDir = fileURLToPath(new URL("../..", import.meta.url));
let h: Harness;
let slow: UpstreamSim;
const children = new Set<ChildProcess>();

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Starts src/main.ts; resolves with its base URL once it listens. */
async function startProxy(name: string): Promise<{ child: ChildProcess; baseURL: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: proxyDir,
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", RELAY_INSTANCE_NAME: name },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  child.once("exit", () => children.delete(child));
  let output = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`proxy did not start:\n${output}`)), 30_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Relay proxy listening")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", (code) => reject(new Error(`proxy exited with ${code}:\n${output}`)));
  });
  return { child, baseURL: `http://127.0.0.1:${port}/v1` };
}

beforeAll(async () => {
  h = await startHarness();
  // 20 tokens a second: a 200-token answer streams for ten seconds.
  slow = await startUpstreamSim({ tokensPerSecond: 20 });
  await modelOn(h.db, "slow-stream-model", [slow.url]);
});
afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  await slow.close();
  await h.close();
});

describe("kill -9 with 100 streams in flight", () => {
  it("the restart releases every hold within seconds, charging nothing twice", async () => {
    const { tenantId, key } = await h.tenant({ credit: "1" });
    const name = `crash-${tenantId}`;
    const first = await startProxy(name);
    const client = new OpenAI({ apiKey: key, baseURL: first.baseURL, maxRetries: 0 });

    let streaming = 0;
    const streams = Array.from({ length: 100 }, async () => {
      const stream = await client.chat.completions.create({
        model: "slow-stream-model",
        messages: [{ role: "user", content: "tell me a long story" }],
        max_tokens: 200,
        stream: true,
      });
      let counted = false;
      for await (const _chunk of stream) {
        if (!counted) {
          counted = true;
          streaming += 1;
        }
      }
    });
    const ended = Promise.allSettled(streams);
    const deadline = Date.now() + 20_000;
    while (streaming < 100 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(streaming).toBe(100);
    // With Redis, a hold reaches Postgres once its call has run for a second: wait for all.
    let written = 0;
    while (written < 100 && Date.now() < deadline + 5_000) {
      written = await h.db.hold.count({ where: { tenantId, state: "HELD" } });
      if (written < 100) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(written).toBe(100);
    const before = await h.db.tenant.findUniqueOrThrow({ where: { id: tenantId } });
    expect(before.held).toBeGreaterThan(0n);

    first.child.kill("SIGKILL");
    const outcomes = await ended;
    expect(outcomes.every((o) => o.status === "rejected")).toBe(true);

    const restartedAt = Date.now();
    const second = await startProxy(name);
    let held = before.held;
    while (held > 0n && Date.now() - restartedAt < 10_000) {
      held = (await h.db.tenant.findUniqueOrThrow({ where: { id: tenantId } })).held;
      if (held > 0n) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const releasedMs = Date.now() - restartedAt;
    console.log(
      `kill -9 with 100 streams: holds released ${releasedMs} ms after the restart began`,
    );
    expect(held).toBe(0n);
    expect(await h.db.hold.count({ where: { tenantId, state: "RELEASED" } })).toBe(100);
    const after = await h.balance(tenantId);
    // The outcome of those calls died with the process: nothing is charged for them.
    expect(after.balance).toBe(1_000_000n);
    expect(after.ledger).toBe(1_000_000n);
    expect(await h.db.usageRecord.count({ where: { tenantId } })).toBe(0);

    // The restarted process serves, and charges once.
    const again = new OpenAI({ apiKey: key, baseURL: second.baseURL, maxRetries: 0 });
    const answer = await again.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "still there?" }],
    });
    expect(answer.choices[0]?.message.content).toBeTruthy();
    second.child.kill("SIGTERM");
    await new Promise((resolve) => second.child.once("exit", resolve));
    const final = await h.balance(tenantId);
    expect(await h.db.usageRecord.count({ where: { tenantId } })).toBe(1);
    expect(final.balance).toBe(final.ledger);
    expect(final.held).toBe(0n);
    expect(final.balance).toBeLessThan(1_000_000n);
  }, 90_000);
});
