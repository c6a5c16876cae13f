// The console's environment, read and validated once. A bad value stops the server at start-up
// with a message naming the variable, instead of failing later inside a request.
import { encryptionKeyText } from "@relay/services/credential";
import { type MailSettings, mailEnv, mailSettingsOf } from "@relay/services/mail-settings";
import { z } from "zod";

const secret = z
  .string()
  .min(32, "must be at least 32 characters (openssl rand -base64 32)")
  .optional();

const fields = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  // Required in production; otherwise @relay/db falls back to the embedded database `pnpm start`
  // runs.
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: "must be a postgres:// or postgresql:// URL" })
    .optional(),
  // The base URL developers put in OPENAI_BASE_URL, shown in the console.
  RELAY_PROXY_PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: "must be an http(s) URL, e.g. https://api.example.com/v1" })
    .default("http://localhost:4000/v1"),
  // Signs session tokens. Required in production (see docker-compose.yml); in development an
  // unset secret is generated once into the project's .relay folder (src/server/auth/secret.ts).
  AUTH_SECRET: secret,
  // next-auth's own name for the same thing, accepted so existing deployments keep working.
  NEXTAUTH_SECRET: secret,
  // Top-up through Stripe Checkout is offered only when both keys are set.
  STRIPE_SECRET_KEY: z.string().min(1).optional(),
  STRIPE_WEBHOOK_SECRET: z.string().min(1).optional(),
  // A local Stripe double (tests); Stripe's own API when unset.
  STRIPE_API_BASE: z.url().optional(),
  // Where Stripe sends developers back after paying.
  RELAY_CONSOLE_PUBLIC_URL: z.url().default("http://localhost:3000"),
  // GitHub sign-in is offered only when both are set.
  GITHUB_ID: z.string().min(1).optional(),
  GITHUB_SECRET: z.string().min(1).optional(),
  // Encrypts the upstream credentials operators add. Required in production; in development an
  // unset key is generated once into the project's .relay folder (src/server/encryption-key.ts).
  RELAY_ENCRYPTION_KEY: encryptionKeyText.optional(),
  // Where invitation and sign-up emails go (SMTP_URL; unset: the outbox only) and their sender.
  ...mailEnv,
  // Set by `next build`, which runs with NODE_ENV=production but serves nothing.
  NEXT_PHASE: z.string().optional(),
  // Set by `pnpm start` outside production: .relay/'s generated secrets stand in for the
  // production ones although its console build runs with NODE_ENV=production.
  RELAY_LOCAL_DEFAULTS: z.enum(["1"]).optional(),
});

/**
 * What no single field can say. Checked on the raw values, so a missing secret is named in the
 * same message as a malformed URL, not after it is fixed.
 */
function rules(raw: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  // `next build` runs with NODE_ENV=production but serves nothing: these are checked at start.
  // `pnpm start` serves its production build (NODE_ENV=production) on the local defaults of
  // .relay/ and says so with RELAY_LOCAL_DEFAULTS=1 (never when it runs in production itself).
  const serving =
    raw.NODE_ENV === "production" &&
    raw.NEXT_PHASE !== "phase-production-build" &&
    raw.RELAY_LOCAL_DEFAULTS !== "1";
  const required = (name: string, why: string) =>
    problems.push(`${name}: is required in production (${why})`);
  if (serving && !raw.AUTH_SECRET && !raw.NEXTAUTH_SECRET) {
    required("AUTH_SECRET", "or NEXTAUTH_SECRET; openssl rand -base64 32");
  }
  if (serving && !raw.DATABASE_URL) required("DATABASE_URL", "there is no embedded database there");
  if (serving && !raw.RELAY_ENCRYPTION_KEY) {
    required("RELAY_ENCRYPTION_KEY", "openssl rand -hex 32; the proxy needs the same key");
  }
  if (Boolean(raw.GITHUB_ID) !== Boolean(raw.GITHUB_SECRET)) {
    problems.push(
      `${raw.GITHUB_ID ? "GITHUB_SECRET" : "GITHUB_ID"}: GITHUB_ID and GITHUB_SECRET go together: set both or neither`,
    );
  }
  return problems;
}

export type Env = z.infer<typeof fields>;

/** Validates `source` (process.env in the app); throws one error listing every problem. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  // Empty strings (`FOO=` in a compose file) mean "not set", not "invalid".
  const raw: Record<string, string | undefined> = Object.fromEntries(
    Object.keys(fields.shape).map((key) => [key, source[key] || undefined]),
  );
  const parsed = fields.safeParse(raw);
  const problems = [
    ...(parsed.success
      ? []
      : parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`)),
    ...rules(raw),
  ];
  if (!parsed.success || problems.length > 0) {
    throw new Error(
      `Relay console: invalid environment variables:\n${problems.map((p) => `  ${p}`).join("\n")}`,
    );
  }
  return parsed.data;
}

export const env: Env = parseEnv(process.env);

/** SMTP_URL and MAIL_FROM, for the services that send email. */
export const mail: MailSettings = mailSettingsOf(env);
