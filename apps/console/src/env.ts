// The console's environment, read and validated once. A bad value stops the server at start-up
// with a message naming the variable, instead of failing later inside a request.
import { z } from "zod";

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  // Optional: without it @relay/db falls back to the embedded database `pnpm start` runs.
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: "must be a postgres:// or postgresql:// URL" })
    .optional(),
  // The base URL developers put in OPENAI_BASE_URL, shown in the console.
  RELAY_PROXY_PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: "must be an http(s) URL, e.g. https://api.example.com/v1" })
    .default("http://localhost:4000/v1"),
  // Signs sessions once sign-in lands; required in production deployments (see docker-compose.yml).
  AUTH_SECRET: z
    .string()
    .min(32, "must be at least 32 characters (openssl rand -base64 32)")
    .optional(),
});

export type Env = z.infer<typeof schema>;

function readEnv(): Env {
  // Empty strings (`FOO=` in a compose file) mean "not set", not "invalid".
  const raw = Object.fromEntries(
    Object.keys(schema.shape).map((key) => [key, process.env[key] || undefined]),
  );
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `  ${issue.path.join(".")}: ${issue.message}`)
      .join("\n");
    throw new Error(`Relay console: invalid environment variables:\n${problems}`);
  }
  return parsed.data;
}

export const env: Env = readEnv();
