// Drives `relay` as an operator would: a separate process, flags in, exit code and JSON out.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { projectRoot } from "@relay/db";
import { describe, expect, it } from "vitest";

const root = projectRoot();

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function relay(...args: string[]): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", join(root, "apps/cli/src/main.ts"), ...args],
      { cwd: root, env: process.env },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

async function json(...args: string[]): Promise<Record<string, unknown>> {
  const run = await relay(...args, "--json");
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as Record<string, unknown>;
}

describe("relay CLI", () => {
  it("creates a tenant with credit and shows exactly that balance", async () => {
    const created = await json("tenant", "create", "--name", "acme", "--credit", "5");
    expect(created).toMatchObject({
      slug: "acme",
      balance: { usd: "5.000000", micros: "5000000" },
    });

    const balance = await json("balance", "--tenant", "acme");
    expect(balance).toMatchObject({
      tenant: "acme",
      currency: "USD",
      balance: { usd: "5.000000", micros: "5000000" },
      held: { usd: "0.000000", micros: "0" },
    });

    const credited = await json(
      "credit",
      "--tenant",
      "acme",
      "--amount",
      "-1.25",
      "--reason",
      "fix",
    );
    expect(credited).toMatchObject({
      kind: "ADJUSTMENT",
      balance: { usd: "3.750000" },
      duplicate: false,
    });
    const list = (await json("tenant", "list")) as unknown as { slug: string }[];
    expect(list.map((t) => t.slug)).toContain("acme");
  });

  it("creates a key once, then revokes it by prefix", async () => {
    await json("tenant", "create", "--name", "keyco");
    const key = await json("key", "create", "--tenant", "keyco", "--name", "ci", "--rpm", "60");
    expect(key.key).toMatch(/^sk-relay-[A-Za-z0-9]{40}$/);
    const revoked = await json("key", "revoke", String(key.prefix));
    expect(revoked).toMatchObject({ id: key.id, status: "REVOKED" });
  });

  it("sets prices and adds channels", async () => {
    const price = await json(
      "price",
      "set",
      "--model",
      "cli-model",
      "--input",
      "0.2",
      "--output",
      "0.8",
      "--cached",
      "0.1",
    );
    expect(price).toMatchObject({
      model: "cli-model",
      scope: "SALE",
      inputPer1M: { micros: "200000" },
      outputPer1M: { micros: "800000" },
      cachedInputPer1M: { micros: "100000" },
    });
    const channel = await json(
      "channel",
      "add",
      "--provider",
      "openai",
      "--base-url",
      "https://api.example.com/v1",
      "--api-key",
      "sk-upstream-abcd1234",
      "--models",
      "cli-model,other=upstream-other",
    );
    expect(channel).toMatchObject({ provider: "OPENAI", credential: "…1234" });
    expect(JSON.stringify(channel)).not.toContain("sk-upstream");
  });

  it("exits 2 with a clear message on bad arguments, 1 when the operation fails", async () => {
    const missing = await relay("tenant", "create");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("required option '--name <name>'");

    const badAmount = await relay(
      "credit",
      "--tenant",
      "acme",
      "--amount",
      "lots",
      "--reason",
      "x",
      "--json",
    );
    expect(badAmount.code).toBe(2);
    expect(JSON.parse(badAmount.stderr)).toMatchObject({
      error: { code: "INVALID_ARGUMENT", message: expect.stringContaining("--amount") },
    });

    const badNumber = await relay("key", "create", "--tenant", "acme", "--rpm", "fast");
    expect(badNumber.code).toBe(2);
    expect(badNumber.stderr).toContain("--rpm must be a whole number");

    const unknownCommand = await relay("frobnicate");
    expect(unknownCommand.code).toBe(2);

    const unknownTenant = await relay("balance", "--tenant", "nobody", "--json");
    expect(unknownTenant.code).toBe(1);
    expect(JSON.parse(unknownTenant.stderr)).toMatchObject({ error: { code: "NOT_FOUND" } });
  });
});
