// Drives `relay` as an operator would: a separate process, flags in, exit code and JSON out.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { closeDb, getDb, projectRoot } from "@relay/db";
import { afterAll, describe, expect, it } from "vitest";

const root = projectRoot();
afterAll(() => closeDb());

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function relay(...args: string[]): Promise<Run> {
  return relayWithEnv(process.env, ...args);
}

async function relayWithEnv(env: NodeJS.ProcessEnv, ...args: string[]): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", join(root, "apps/cli/src/main.ts"), ...args],
      { cwd: root, env },
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
    // By id, as operators may type it too.
    expect(await json("balance", "--tenant", (balance as { tenantId: string }).tenantId)).toEqual(
      balance,
    );

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

  it("sets per-second and per-character prices for audio models", async () => {
    const whisper = await json(
      "price",
      "set",
      "--model",
      "cli-whisper",
      "--input",
      "0",
      "--output",
      "0",
      "--per-second",
      "0.0001",
    );
    expect(whisper).toMatchObject({
      perAudioSecond: { micros: "100" },
      perMChar: { micros: "0" },
    });
    const tts = await json(
      "price",
      "set",
      "--model",
      "cli-tts",
      "--input",
      "0",
      "--output",
      "0",
      "--per-mchar",
      "15",
    );
    expect(tts).toMatchObject({ perMChar: { micros: "15000000" } });
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

  it("refuses a credit beyond $1,000,000,000 with exit 2 and a message, not a database error", async () => {
    const huge = await relay(
      "credit",
      "--tenant",
      "acme",
      "--amount",
      "99999999999999",
      "--reason",
      "x",
    );
    expect(huge).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: --amount is beyond the limit of 1,000,000,000 USD per command\n",
    });
    // The limit itself is a valid amount, both ways.
    await json("tenant", "create", "--name", "limits");
    const up = await json(
      "credit",
      "--tenant",
      "limits",
      "--amount",
      "1000000000",
      "--reason",
      "x",
    );
    expect(up).toMatchObject({ balance: { micros: "1000000000000000" } });
    const down = await json(
      "credit",
      "--tenant",
      "limits",
      "--amount",
      "-1000000000",
      "--reason",
      "x",
    );
    expect(down).toMatchObject({ balance: { micros: "0" } });
  });

  // Every command's money and number options are checked the same way (options.test.ts has
  // the cases); one per command here shows each is wired.
  const channel = ["channel", "add", "--provider", "openai", "--base-url", "https://x.test/v1"];
  it.each([
    [["tenant", "create", "--name", "neg", "--credit", "-5"], "--credit cannot be negative"],
    [["key", "create", "--tenant", "acme", "--rpm", "0"], "--rpm must be between 1 and 2147483647"],
    [
      ["price", "set", "--model", "m", "--input", "1", "--output", "99999999999999"],
      "--output is beyond the limit of 1,000,000,000 USD per command",
    ],
    [
      [...channel, "--api-key", "k", "--models", "m", "--weight", "0"],
      "--weight must be between 1 and 2147483647",
    ],
  ])("refuses %j with exit 2: %s", async (args, message) => {
    const run = await relay(...args, "--json");
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stderr)).toEqual({ error: { code: "INVALID_ARGUMENT", message } });
    expect(run.stdout).toBe("");
  });

  it("changed nothing while refusing", async () => {
    const balance = await json("balance", "--tenant", "acme");
    expect(balance).toMatchObject({ balance: { micros: "3750000" } });
    const tenants = (await json("tenant", "list")) as unknown as { slug: string }[];
    expect(tenants.map((t) => t.slug)).not.toContain("neg");
  });

  it("seed with NODE_ENV=production will not create the operator with the public default password", async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: "production",
      RELAY_ENCRYPTION_KEY: "ab".repeat(32),
      RELAY_ADMIN_EMAIL: "ops@prod.example",
    };
    delete env.RELAY_ADMIN_PASSWORD;
    const run = await relayWithEnv(env, "seed", "--json");
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stderr)).toEqual({
      error: {
        code: "INVALID_CONFIGURATION",
        message:
          "Invalid CLI configuration:\n  RELAY_ADMIN_PASSWORD: is required in production to create the operator login (the default is public)",
      },
    });
    expect(await getDb().user.count({ where: { email: "ops@prod.example" } })).toBe(0);
  });

  it("seed with NODE_ENV=production prints no demo key", async () => {
    const run = await relayWithEnv(
      {
        ...process.env,
        NODE_ENV: "production",
        RELAY_ENCRYPTION_KEY: "ab".repeat(32),
        RELAY_ADMIN_PASSWORD: "a-long-operator-secret",
      },
      "seed",
    );
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).toContain("Demo key: none in production");
    expect(run.stdout).not.toContain("sk-relay-");
  });

  it("in production will not store a channel credential without RELAY_ENCRYPTION_KEY", async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production" };
    delete env.RELAY_ENCRYPTION_KEY;
    const args = ["--provider", "openai", "--base-url", "https://keyless.example/v1"];
    const run = await relayWithEnv(
      env,
      ...["channel", "add", ...args, "--api-key", "sk-keyless-1", "--models", "m", "--json"],
    );
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stderr)).toEqual({
      error: {
        code: "INVALID_CONFIGURATION",
        message:
          "Invalid CLI configuration:\n  RELAY_ENCRYPTION_KEY: is required in production to store channel credentials (openssl rand -hex 32; the proxy needs the same key)",
      },
    });
    const db = getDb();
    expect(await db.channel.count({ where: { baseUrl: "https://keyless.example/v1" } })).toBe(0);
  });

  it("refuses to run any command on a malformed variable, naming it", async () => {
    const run = await relayWithEnv(
      { ...process.env, RELAY_PROXY_PORT: "80000", RELAY_UPSTREAM_URL: "upstream:4010" },
      "tenant",
      "list",
    );
    expect(run).toEqual({
      code: 1,
      stdout: "",
      stderr:
        "error: Invalid CLI configuration:\n  RELAY_UPSTREAM_URL: must be an http(s) URL\n  RELAY_PROXY_PORT: Too big: expected number to be <=65535\n",
    });
  });
});

describe("relay model default and code-msg", () => {
  it("sets, lists and clears an endpoint's default model; an unknown model fails with 1", async () => {
    await json("price", "set", "--model", "default-cli", "--input", "1", "--output", "2");
    const set = (await json(
      "model",
      "default",
      "--endpoint",
      "chat",
      "--model",
      "default-cli",
    )) as unknown as { endpoint: string; model: string | null }[];
    expect(set.find((r) => r.endpoint === "chat")).toEqual({
      endpoint: "chat",
      model: "default-cli",
    });
    const listed = (await json("model", "default")) as unknown as { endpoint: string }[];
    expect(listed.map((r) => r.endpoint)).toEqual([
      "chat",
      "completions",
      "embeddings",
      "images",
      "audio",
    ]);
    const human = await relay("model", "default");
    expect(human.stdout).toContain("chat         default-cli");
    const cleared = (await json(
      "model",
      "default",
      "--endpoint",
      "chat",
      "--clear",
    )) as unknown as {
      endpoint: string;
      model: string | null;
    }[];
    expect(cleared.find((r) => r.endpoint === "chat")?.model).toBeNull();

    const unknown = await relay("model", "default", "--endpoint", "chat", "--model", "nope");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe("error: No model nope\n");
    const badEndpoint = await relay(
      "model",
      "default",
      "--endpoint",
      "moderations",
      "--model",
      "x",
    );
    expect(badEndpoint.code).toBe(2);
  });

  it("switches code/msg platform-wide and per tenant, inherit only for a tenant", async () => {
    expect(await json("code-msg")).toEqual({ scope: "platform", codeMsg: true, effective: true });
    await json("tenant", "create", "--name", "envelope");
    expect(await json("code-msg", "off", "--tenant", "envelope")).toEqual({
      scope: "tenant",
      tenant: "envelope",
      codeMsg: false,
      effective: false,
    });
    expect(await json("code-msg", "off")).toMatchObject({ codeMsg: false });
    expect(await json("code-msg", "inherit", "--tenant", "envelope")).toMatchObject({
      codeMsg: null,
      effective: false,
    });
    expect(await json("code-msg", "on")).toMatchObject({ codeMsg: true, effective: true });
    expect((await relay("code-msg", "inherit")).code).toBe(2);
  });
});
