// The console's environment, read and validated once. A bad value stops the server at start-up
// with a message naming the variable, instead of failing later inside a request.
import { z } from "zod";

const secret = z
  .string()
  .min(32, "must be at least 32 characters (openssl rand -base64 32)")
  .optional();

const fields = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  // Optional: without it @relay/db falls back to the embedded database `pnpm start` runs.
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
});

const productionRules = (value: z.infer<typeof fields>, context: z.RefinementCtx): void => {
  // `next build` runs with NODE_ENV=production but signs nothing: the secret is checked at start.
  const building = process.env.NEXT_PHASE === "phase-production-build";
  if (
    value.NODE_ENV === "production" &&
    !building &&
    !value.AUTH_SECRET &&
    !value.NEXTAUTH_SECRET
  ) {
    context.addIssue({
      code: "custom",
      path: ["AUTH_SECRET"],
      message: "is required in production (openssl rand -base64 32)",
    });
  }
  if (Boolean(value.GITHUB_ID) !== Boolean(value.GITHUB_SECRET)) {
    context.addIssue({
      code: "custom",
      path: [value.GITHUB_ID ? "GITHUB_SECRET" : "GITHUB_ID"],
      message: "GITHUB_ID and GITHUB_SECRET go together: set both or neither",
    });
  }
};

const schema = fields.superRefine(productionRules);

export type Env = z.infer<typeof schema>;

function readEnv(): Env {
  // Empty strings (`FOO=` in a compose file) mean "not set", not "invalid".
  const raw = Object.fromEntries(
    Object.keys(fields.shape).map((key) => [key, process.env[key] || undefined]),
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
