// The demo key is a convenience of a local start: `pnpm start` prints it on every start and, on
// the embedded database, keeps it in plain text in .relay/demo-key to print it again. In
// production (NODE_ENV=production) none of that: no demo key is created, printed or kept, and a
// key file left by an earlier local start is removed.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { type Db, relayHome } from "@relay/db";
import { type SeedResult, seedDemo } from "@relay/services";
import { type CliEnv, ConfigError, encryptionKeyOf, isProduction } from "../env.ts";

export function demoKeyPath(): string {
  return join(relayHome(), "demo-key");
}

export const DEFAULT_ADMIN_PASSWORD = "relay-admin";

/** The start-up seed (operator, catalog, demo tenant) under the demo key's rules above. */
export async function seedPlatform({
  ctx,
  input,
  env,
}: {
  ctx: { db: Db };
  /** keepKey: remember the key in .relay/ (the embedded database only). */
  input: { upstreamUrl: string; keepKey: boolean };
  env: CliEnv;
}): Promise<SeedResult> {
  const production = isProduction(env);
  // Before anything is written: in production a missing key stops the seed here.
  const encryptionKey = encryptionKeyOf(env);
  // The well-known default password is for a laptop: a production operator login needs its own.
  if (production && !env.RELAY_ADMIN_PASSWORD) {
    const existing = await ctx.db.user.findUnique({ where: { email: env.RELAY_ADMIN_EMAIL } });
    if (!existing) {
      throw new ConfigError([
        "RELAY_ADMIN_PASSWORD: is required in production to create the operator login (the default is public)",
      ]);
    }
  }
  if (production) rmSync(demoKeyPath(), { force: true });
  return seedDemo({
    ctx,
    encryptionKey,
    input: {
      operatorEmail: env.RELAY_ADMIN_EMAIL,
      operatorPassword: env.RELAY_ADMIN_PASSWORD ?? DEFAULT_ADMIN_PASSWORD,
      upstreamUrl: input.upstreamUrl,
      demoKeyFile: input.keepKey && !production ? demoKeyPath() : undefined,
      createDemoKey: !production,
    },
  });
}

/** What the start banner says about the demo tenant's key. */
export function demoKeyLines(seed: SeedResult, proxyUrl: string, env: CliEnv): string[] {
  const slug = seed.tenant.slug;
  const key = seed.demoKey;
  if (isProduction(env)) {
    return [
      `Demo tenant "${slug}": no demo key in production; create a key with`,
      `  pnpm relay key create --tenant ${slug}`,
    ];
  }
  if (!key) {
    return [
      `Demo tenant "${slug}": its key was created earlier; make another with`,
      `  pnpm relay key create --tenant ${slug}`,
    ];
  }
  return [
    `Demo tenant "${slug}" API key:`,
    `  ${key}`,
    "",
    "Try it:",
    `  curl ${proxyUrl}/models -H "Authorization: Bearer ${key}"`,
    `  curl ${proxyUrl}/chat/completions -H "Authorization: Bearer ${key}" -H "Content-Type: application/json" \\`,
    `    -d '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hello!"}]}'`,
    `  pnpm relay balance --tenant ${slug}`,
  ];
}
