// The proxy's whole environment, read and validated once at start-up. Every problem is listed in
// one message and the proxy does not start: a missing key in production must not turn into a
// healthy-looking proxy that answers every call with model_not_found.
import { databaseUrl, relayHome } from "@relay/db";
import { encryptionKeyText, localEncryptionKey } from "@relay/services/credential";
import { type MailSettings, mailEnv, mailSettingsOf } from "@relay/services/mail-settings";
import { z } from "zod";
import { trustProxies } from "./auth/client-address.ts";
import { LOG_LEVELS } from "./observability/logger.ts";

const fields = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(4000),
  HOST: z.string().default("0.0.0.0"),
  /** Required in production; otherwise the embedded database `pnpm start` runs. */
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: "must be a postgres:// or postgresql:// URL" })
    .optional(),
  /** Decrypts channel credentials. Required in production; otherwise generated into .relay/. */
  RELAY_ENCRYPTION_KEY: encryptionKeyText.optional(),
  /** How long a key lookup is trusted: the most a revocation can take to reach this replica. */
  RELAY_KEY_CACHE_TTL_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
  /** Shared rate limits across replicas; in-process limits without it. */
  REDIS_URL: z
    .url({ protocol: /^rediss?$/, error: "must be a redis:// or rediss:// URL" })
    .optional(),
  /**
   * "memory": holds live in the proxy's memory, with no database round trip per call. Only for a
   * proxy alone on its database (`pnpm start` sets it for the embedded engine).
   */
  RELAY_HOLDS: z.enum(["memory"]).optional(),
  /**
   * How long a settlement batch gathers finished calls before it is written (one transaction):
   * longer, fewer and larger batches (less database work per call); shorter, charges and
   * released holds sooner. A crash loses at most this long of charges.
   */
  RELAY_SETTLEMENT_DELAY_MS: z.coerce.number().int().min(1).max(1_000).default(50),
  /** Connections per upstream origin; unset: as many as the calls in flight need. */
  RELAY_UPSTREAM_CONNECTIONS: z.coerce.number().int().min(1).max(100_000).optional(),
  RELAY_BODY_LIMIT_MB: z.coerce.number().positive().max(100).default(10),
  /** The largest audio file for transcriptions and translations (OpenAI's limit: 25 MB). */
  RELAY_MAX_AUDIO_MB: z.coerce.number().positive().max(1_000).default(25),
  /** The largest image or mask for image edits and variations (OpenAI's limit: 4 MB). */
  RELAY_MAX_IMAGE_MB: z.coerce.number().positive().max(1_000).default(4),
  /** The largest file a tenant may upload to /v1/files (OpenAI's limit: 512 MB). */
  RELAY_MAX_FILE_MB: z.coerce.number().positive().max(100_000).default(512),
  /**
   * Reverse proxies whose X-Forwarded-For / X-Real-IP name the client, comma-separated addresses
   * and CIDRs (IPv4 and IPv6). Empty: trust nobody, the socket's peer is the client.
   */
  RELAY_TRUSTED_PROXIES: z
    .string()
    .default("")
    .transform((value, ctx) => {
      const entries = value
        .split(",")
        .map((entry) => entry.trim())
        .filter((entry) => entry.length > 0);
      try {
        trustProxies(entries);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: (error as Error).message });
        return z.NEVER;
      }
      return entries;
    }),
  /** The longest one call may run; it is then ended and charged for what it delivered. */
  RELAY_CALL_DEADLINE_S: z.coerce.number().int().min(10).max(86_400).default(600),
  /** This replica's name as the owner of its holds; a restart with the same name frees them. */
  RELAY_INSTANCE_NAME: z.string().min(1).optional(),
  /** Where the console is, for the top-up link in low-balance emails. */
  RELAY_CONSOLE_PUBLIC_URL: z.url().default("http://localhost:3000"),
  /** Where low-balance emails go (SMTP_URL) and who sends them (MAIL_FROM). */
  ...mailEnv,
  /** The least severe log level written. */
  LOG_LEVEL: z.enum(LOG_LEVELS).default("info"),
  /** 1: human-readable logs (pino-pretty), 0: JSON lines; unset: pretty only on a terminal. */
  LOG_PRETTY: z
    .enum(["1", "0", "true", "false"])
    .transform((value) => value === "1" || value === "true")
    .optional(),
  /** Serves Prometheus /metrics on this port (never the API port); unset: no metrics. */
  RELAY_METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
});

/** Unset outside production, these take the local defaults; in production there are none. */
const REQUIRED_IN_PRODUCTION = {
  DATABASE_URL: "there is no embedded database there",
  RELAY_ENCRYPTION_KEY:
    "the key the console encrypted channel credentials with (openssl rand -hex 32)",
};

export type ProxyEnv = z.output<typeof fields>;

/** Validates `source` (process.env in the app); throws one error listing every problem. */
export function parseEnv(source: Record<string, string | undefined>): ProxyEnv {
  // Empty strings (`FOO=` in a compose file) mean "not set", not "invalid".
  const raw = Object.fromEntries(
    Object.keys(fields.shape).map((key) => [key, source[key] || undefined]),
  );
  const parsed = fields.safeParse(raw);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
  if (raw.NODE_ENV === "production") {
    for (const [name, why] of Object.entries(REQUIRED_IN_PRODUCTION)) {
      if (!raw[name]) problems.push(`  ${name}: is required in production: ${why}`);
    }
  }
  if (!parsed.success || problems.length > 0) {
    throw new Error(`Invalid proxy configuration:\n${problems.join("\n")}`);
  }
  return parsed.data;
}

export interface ProxyConfig extends ProxyEnv {
  DATABASE_URL: string;
  encryptionKey: Buffer;
  mail: MailSettings;
}

/** RELAY_ENCRYPTION_KEY; outside production, when unset, the key generated into .relay/. */
export function encryptionKeyOf(env: ProxyEnv): Buffer {
  return env.RELAY_ENCRYPTION_KEY ?? localEncryptionKey(relayHome());
}

/** The proxy's configuration; outside production, unset database and key take the local defaults. */
export function loadEnv(source: Record<string, string | undefined> = process.env): ProxyConfig {
  const env = parseEnv(source);
  return {
    ...env,
    DATABASE_URL: env.DATABASE_URL ?? databaseUrl(),
    encryptionKey: encryptionKeyOf(env),
    mail: mailSettingsOf(env),
  };
}
