import { databaseUrl } from "@relay/db";
import { z } from "zod";
import { trustProxies } from "./auth/client-address.ts";

const schema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(4000),
  HOST: z.string().default("0.0.0.0"),
  /** How long a key lookup is trusted: the most a revocation can take to reach this replica. */
  RELAY_KEY_CACHE_TTL_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
  /** Shared rate limits across replicas; in-process limits without it. */
  REDIS_URL: z.string().url().optional(),
  RELAY_BODY_LIMIT_MB: z.coerce.number().positive().max(100).default(10),
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
  /** Where the console is, for the top-up link in low-balance emails (mail: SMTP_URL, MAIL_FROM). */
  RELAY_CONSOLE_PUBLIC_URL: z.string().url().default("http://localhost:3000"),
});

/** The proxy's configuration, validated once at start-up; a bad value stops it with a message. */
export function loadEnv() {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid proxy configuration:\n${problems.join("\n")}`);
  }
  return { ...parsed.data, DATABASE_URL: databaseUrl() };
}
