// The command line's whole environment, read and validated once, before any command runs: a bad
// value stops it with one message naming every variable at fault. `pnpm start` needs none of
// them; in production (NODE_ENV=production) there is no embedded database, so DATABASE_URL is
// required, and commands that store or seed channel credentials need RELAY_ENCRYPTION_KEY.
import { relayHome } from "@relay/db/paths";
import { encryptionKeyText, localEncryptionKey } from "@relay/services/credential";
import { z } from "zod";

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);
const httpUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" });

const fields = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  // Required in production; otherwise the embedded database (`pnpm start` runs it).
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: "must be a postgres:// or postgresql:// URL" })
    .optional(),
  // Encrypts channel credentials (`channel add`, the seed's simulated channel).
  RELAY_ENCRYPTION_KEY: encryptionKeyText.optional(),
  // A real upstream for the seeded channel instead of the simulator.
  RELAY_UPSTREAM_URL: httpUrl.optional(),
  // The operator login the seed creates.
  RELAY_ADMIN_EMAIL: z.email().default("admin@relay.local"),
  RELAY_ADMIN_PASSWORD: z.string().min(1).optional(),
  // What `pnpm start` passes to the proxy and the console; the local addresses when unset.
  RELAY_PROXY_PUBLIC_URL: httpUrl.optional(),
  RELAY_CONSOLE_PUBLIC_URL: httpUrl.optional(),
  RELAY_CONSOLE_PORT: port(3000),
  RELAY_PROXY_PORT: port(4000),
  RELAY_UPSTREAM_PORT: port(4010),
  RELAY_DATABASE_PORT: port(54329),
});

export type CliEnv = z.output<typeof fields>;

/** A configuration problem: the CLI stops before doing anything, with this message. */
export class ConfigError extends Error {
  constructor(problems: string[]) {
    super(`Invalid CLI configuration:\n${problems.map((p) => `  ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Validates `source` (process.env in the app); throws one ConfigError listing every problem. */
export function parseEnv(source: Record<string, string | undefined>): CliEnv {
  // Empty strings (`FOO=` in a compose file) mean "not set", not "invalid".
  const raw: Record<string, string | undefined> = Object.fromEntries(
    Object.keys(fields.shape).map((key) => [key, source[key] || undefined]),
  );
  const parsed = fields.safeParse(raw);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
  if (raw.NODE_ENV === "production" && !raw.DATABASE_URL) {
    problems.push("DATABASE_URL: is required in production (there is no embedded database there)");
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  return parsed.data;
}

let cached: CliEnv | undefined;

/** This process's environment, parsed on first use (main.ts does that before any command). */
export function cliEnv(): CliEnv {
  cached ??= parseEnv(process.env);
  return cached;
}

export function isProduction(env: CliEnv): boolean {
  return env.NODE_ENV === "production";
}

/** RELAY_ENCRYPTION_KEY; outside production, when unset, the key generated into .relay/. */
export function encryptionKeyOf(env: CliEnv): Buffer {
  if (env.RELAY_ENCRYPTION_KEY) return env.RELAY_ENCRYPTION_KEY;
  if (isProduction(env)) {
    throw new ConfigError([
      "RELAY_ENCRYPTION_KEY: is required in production to store channel credentials (openssl rand -hex 32; the proxy needs the same key)",
    ]);
  }
  return localEncryptionKey(relayHome());
}
