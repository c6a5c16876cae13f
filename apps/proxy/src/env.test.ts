// The proxy refuses to start on a configuration that would only fail later: in production without
// the key its channels' credentials were encrypted with (every call would be model_not_found), or
// with a malformed value. The message names every variable at fault.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseEnv } from "./env.ts";

const proxyDir = fileURLToPath(new URL("..", import.meta.url));
const KEY = "ab".repeat(32);
const production = {
  NODE_ENV: "production",
  DATABASE_URL: "postgresql://relay:secret@db.internal:5432/relay",
  RELAY_ENCRYPTION_KEY: KEY,
};

function problems(source: Record<string, string | undefined>): string {
  try {
    parseEnv(source);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected the configuration to be refused");
}

describe("the proxy's configuration", () => {
  it("in production is complete with a database and the encryption key", () => {
    const env = parseEnv(production);
    expect(env.RELAY_ENCRYPTION_KEY).toEqual(Buffer.from(KEY, "hex"));
    expect(env.DATABASE_URL).toBe(production.DATABASE_URL);
    expect(env.PORT).toBe(4000);
    expect(env.RELAY_CALL_DEADLINE_S).toBe(600);
  });

  it("in production refuses a missing encryption key and database, naming both", () => {
    expect(problems({ NODE_ENV: "production" })).toBe(
      [
        "Invalid proxy configuration:",
        "  DATABASE_URL: is required in production: there is no embedded database there",
        "  RELAY_ENCRYPTION_KEY: is required in production: the key the console encrypted channel credentials with (openssl rand -hex 32)",
      ].join("\n"),
    );
    // `RELAY_ENCRYPTION_KEY=` in a compose file is unset, not a key.
    expect(problems({ ...production, RELAY_ENCRYPTION_KEY: "" })).toContain(
      "RELAY_ENCRYPTION_KEY: is required in production",
    );
  });

  it("outside production needs neither: the local defaults apply", () => {
    const env = parseEnv({});
    expect(env.RELAY_ENCRYPTION_KEY).toBeUndefined();
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it("names a missing key beside a malformed value, not after it is fixed", () => {
    expect(problems({ ...production, RELAY_ENCRYPTION_KEY: undefined, PORT: "x" })).toBe(
      [
        "Invalid proxy configuration:",
        "  PORT: Invalid input: expected number, received NaN",
        "  RELAY_ENCRYPTION_KEY: is required in production: the key the console encrypted channel credentials with (openssl rand -hex 32)",
      ].join("\n"),
    );
  });

  it("lists every malformed value in one message", () => {
    const message = problems({
      ...production,
      RELAY_ENCRYPTION_KEY: "ab".repeat(31),
      DATABASE_URL: "not a url",
      REDIS_URL: "http://cache:6379",
      RELAY_BODY_LIMIT_MB: "-1",
      RELAY_CALL_DEADLINE_S: "soon",
      PORT: "70000",
      SMTP_URL: "http://mail.example",
    });
    expect(message.split("\n")).toEqual([
      "Invalid proxy configuration:",
      "  PORT: Too big: expected number to be <=65535",
      "  DATABASE_URL: must be a postgres:// or postgresql:// URL",
      "  RELAY_ENCRYPTION_KEY: must be 32 bytes, as 64 hex characters or base64 (openssl rand -hex 32)",
      "  REDIS_URL: must be a redis:// or rediss:// URL",
      "  RELAY_BODY_LIMIT_MB: Too small: expected number to be >0",
      "  RELAY_CALL_DEADLINE_S: Invalid input: expected number, received NaN",
      "  SMTP_URL: must be an smtp:// or smtps:// URL",
    ]);
  });

  it("takes the key as base64 too, and refuses base64 of the wrong length", () => {
    const key = Buffer.alloc(32, 7);
    expect(
      parseEnv({ ...production, RELAY_ENCRYPTION_KEY: key.toString("base64") })
        .RELAY_ENCRYPTION_KEY,
    ).toEqual(key);
    expect(
      problems({ ...production, RELAY_ENCRYPTION_KEY: Buffer.alloc(16).toString("base64") }),
    ).toContain("RELAY_ENCRYPTION_KEY: must be 32 bytes");
  });
});

describe("src/main.ts in production without RELAY_ENCRYPTION_KEY", () => {
  it("exits non-zero before listening, with a message naming the variable", async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...production,
      PORT: "4999",
      HOST: "127.0.0.1",
    };
    delete env.RELAY_ENCRYPTION_KEY;
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: proxyDir,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));

    expect(code).toBe(1);
    expect(stdout).not.toContain("listening");
    expect(stderr.trim()).toBe(
      "Invalid proxy configuration:\n  RELAY_ENCRYPTION_KEY: is required in production: the key the console encrypted channel credentials with (openssl rand -hex 32)",
    );
  });
});
