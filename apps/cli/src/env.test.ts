// The command line refuses a configuration that would fail half-way through a command: in
// production without a database or, for commands that store credentials, the encryption key; or
// with a malformed value. The message names every variable at fault.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError, encryptionKeyOf, parseEnv } from "./env.ts";

const KEY = "ef".repeat(32);
const production = {
  NODE_ENV: "production",
  DATABASE_URL: "postgresql://relay:secret@db.internal:5432/relay",
  RELAY_ENCRYPTION_KEY: KEY,
};

function problems(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message.split("\n");
  }
  throw new Error("expected the configuration to be refused");
}

const savedHome = process.env.RELAY_HOME;
afterEach(() => {
  if (savedHome === undefined) delete process.env.RELAY_HOME;
  else process.env.RELAY_HOME = savedHome;
});

describe("the CLI's configuration", () => {
  it("needs nothing for a local start: the defaults of `pnpm start`", () => {
    expect(parseEnv({})).toEqual({
      NODE_ENV: "development",
      RELAY_ADMIN_EMAIL: "admin@relay.local",
      RELAY_CONSOLE_PORT: 3000,
      RELAY_PROXY_PORT: 4000,
      RELAY_UPSTREAM_PORT: 4010,
      RELAY_DATABASE_PORT: 54329,
    });
  });

  it("in production refuses a missing DATABASE_URL, naming it", () => {
    expect(problems(() => parseEnv({ ...production, DATABASE_URL: "" }))).toEqual([
      "Invalid CLI configuration:",
      "  DATABASE_URL: is required in production (there is no embedded database there)",
    ]);
  });

  it("in production refuses to store a credential without RELAY_ENCRYPTION_KEY", () => {
    const env = parseEnv({ ...production, RELAY_ENCRYPTION_KEY: undefined });
    expect(problems(() => encryptionKeyOf(env))).toEqual([
      "Invalid CLI configuration:",
      "  RELAY_ENCRYPTION_KEY: is required in production to store channel credentials (openssl rand -hex 32; the proxy needs the same key)",
    ]);
    expect(encryptionKeyOf(parseEnv(production))).toEqual(Buffer.from(KEY, "hex"));
  });

  it("outside production keeps a generated key in RELAY_HOME, the same on every run", () => {
    const home = mkdtempSync(join(tmpdir(), "relay-cli-env-"));
    process.env.RELAY_HOME = home;
    const first = encryptionKeyOf(parseEnv({}));
    expect(first).toHaveLength(32);
    expect(readFileSync(join(home, "encryption.key"), "utf8")).toBe(first.toString("hex"));
    expect(encryptionKeyOf(parseEnv({}))).toEqual(first);
  });

  it("lists every malformed value in one message", () => {
    expect(
      problems(() =>
        parseEnv({
          DATABASE_URL: "localhost:5432",
          RELAY_ENCRYPTION_KEY: "secret",
          RELAY_UPSTREAM_URL: "ftp://upstream",
          RELAY_ADMIN_EMAIL: "admin",
          RELAY_PROXY_PORT: "-1",
          RELAY_DATABASE_PORT: "5432x",
        }),
      ),
    ).toEqual([
      "Invalid CLI configuration:",
      "  DATABASE_URL: must be a postgres:// or postgresql:// URL",
      "  RELAY_ENCRYPTION_KEY: must be 32 bytes, as 64 hex characters or base64 (openssl rand -hex 32)",
      "  RELAY_UPSTREAM_URL: must be an http(s) URL",
      "  RELAY_ADMIN_EMAIL: Invalid email address",
      "  RELAY_PROXY_PORT: Too small: expected number to be >=1",
      "  RELAY_DATABASE_PORT: Invalid input: expected number, received NaN",
    ]);
  });
});
