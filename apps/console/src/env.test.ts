// The console refuses to start on a configuration that would only fail inside a request: in
// production without its session secret, database or credential key, or with a malformed value.
// The message names every variable at fault.
import { describe, expect, it } from "vitest";
import { parseEnv } from "./env.ts";

const KEY = "cd".repeat(32);
const production = {
  NODE_ENV: "production",
  DATABASE_URL: "postgresql://relay:secret@db.internal:5432/relay",
  AUTH_SECRET: "s".repeat(32),
  RELAY_ENCRYPTION_KEY: KEY,
};

function problems(source: Record<string, string | undefined>): string[] {
  try {
    parseEnv(source);
  } catch (error) {
    return (error as Error).message.split("\n");
  }
  throw new Error("expected the configuration to be refused");
}

describe("the console's configuration", () => {
  it("in production is complete with a secret, a database and the encryption key", () => {
    const env = parseEnv(production);
    expect(env.RELAY_ENCRYPTION_KEY).toEqual(Buffer.from(KEY, "hex"));
    expect(env.RELAY_PROXY_PUBLIC_URL).toBe("http://localhost:4000/v1");
    // next-auth's own name for the secret is enough.
    expect(() =>
      parseEnv({ ...production, AUTH_SECRET: undefined, NEXTAUTH_SECRET: "n".repeat(32) }),
    ).not.toThrow();
  });

  it("in production refuses each missing required variable, naming it", () => {
    expect(problems({ NODE_ENV: "production" })).toEqual([
      "Relay console: invalid environment variables:",
      "  AUTH_SECRET: is required in production (or NEXTAUTH_SECRET; openssl rand -base64 32)",
      "  DATABASE_URL: is required in production (there is no embedded database there)",
      "  RELAY_ENCRYPTION_KEY: is required in production (openssl rand -hex 32; the proxy needs the same key)",
    ]);
    expect(problems({ ...production, RELAY_ENCRYPTION_KEY: "" })).toEqual([
      "Relay console: invalid environment variables:",
      "  RELAY_ENCRYPTION_KEY: is required in production (openssl rand -hex 32; the proxy needs the same key)",
    ]);
  });

  it("serves pnpm start's production build on the local defaults only when it says so", () => {
    const local = { NODE_ENV: "production", DATABASE_URL: "postgresql://localhost/relay" };
    expect(parseEnv({ ...local, RELAY_LOCAL_DEFAULTS: "1" }).AUTH_SECRET).toBeUndefined();
    expect(problems(local)).toContain(
      "  AUTH_SECRET: is required in production (or NEXTAUTH_SECRET; openssl rand -base64 32)",
    );
    expect(problems({ ...local, RELAY_LOCAL_DEFAULTS: "yes" })[1]).toMatch(/RELAY_LOCAL_DEFAULTS/);
  });

  it("names a missing secret beside a malformed value, and an unpaired GitHub id", () => {
    expect(
      problems({ ...production, AUTH_SECRET: undefined, SMTP_URL: "http://mail", GITHUB_ID: "id" }),
    ).toEqual([
      "Relay console: invalid environment variables:",
      "  SMTP_URL: must be an smtp:// or smtps:// URL",
      "  AUTH_SECRET: is required in production (or NEXTAUTH_SECRET; openssl rand -base64 32)",
      "  GITHUB_SECRET: GITHUB_ID and GITHUB_SECRET go together: set both or neither",
    ]);
  });

  it("lets `next build` through without them: it serves nothing", () => {
    expect(() =>
      parseEnv({ NODE_ENV: "production", NEXT_PHASE: "phase-production-build" }),
    ).not.toThrow();
  });

  it("in development needs none of them", () => {
    const env = parseEnv({ NODE_ENV: "development" });
    expect(env.RELAY_ENCRYPTION_KEY).toBeUndefined();
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it("lists every malformed value in one message", () => {
    expect(
      problems({
        ...production,
        DATABASE_URL: "mysql://db/relay",
        RELAY_PROXY_PUBLIC_URL: "api.example.com",
        AUTH_SECRET: "short",
        RELAY_ENCRYPTION_KEY: "not-a-key",
        SMTP_URL: "mail.example:25",
        STRIPE_API_BASE: "local stripe",
      }),
    ).toEqual([
      "Relay console: invalid environment variables:",
      "  DATABASE_URL: must be a postgres:// or postgresql:// URL",
      "  RELAY_PROXY_PUBLIC_URL: must be an http(s) URL, e.g. https://api.example.com/v1",
      "  AUTH_SECRET: must be at least 32 characters (openssl rand -base64 32)",
      "  STRIPE_API_BASE: Invalid URL",
      "  RELAY_ENCRYPTION_KEY: must be 32 bytes, as 64 hex characters or base64 (openssl rand -hex 32)",
      "  SMTP_URL: must be an smtp:// or smtps:// URL",
    ]);
  });
});
