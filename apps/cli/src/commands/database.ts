import type { Command } from "commander";
import { withDatabase } from "../database.ts";
import { cliEnv, isProduction } from "../env.ts";
import { print } from "../output.ts";
import { seedPlatform } from "../platform/demo-key.ts";

export const DEFAULT_UPSTREAM_URL = "http://127.0.0.1:4010/v1";

export function databaseCommands(program: Command): void {
  program
    .command("migrate")
    .description("apply pending migrations (like prisma migrate deploy; safe to run twice)")
    .option("--json", "machine-readable output")
    .action(async (opts: { json?: boolean }) => {
      const { migrate } = await import("@relay/db/migrate");
      const result = await withDatabase((_db, url) => migrate(url));
      print(Boolean(opts.json), result, () =>
        result.applied.length === 0
          ? `Database is up to date (${result.alreadyApplied.length} migrations).`
          : `Applied ${result.applied.join(", ")}.`,
      );
    });

  program
    .command("seed")
    .description("create the operator login, model prices, a demo tenant with credit and a key")
    .option("--json", "machine-readable output")
    .action(async (opts: { json?: boolean }) => {
      const env = cliEnv();
      const result = await withDatabase((db) =>
        seedPlatform({
          ctx: { db },
          input: {
            upstreamUrl: env.RELAY_UPSTREAM_URL ?? DEFAULT_UPSTREAM_URL,
            keepKey: !env.DATABASE_URL,
          },
          env,
        }),
      );
      print(
        Boolean(opts.json),
        {
          operatorEmail: result.operatorEmail,
          operatorCreated: result.operatorPassword !== undefined,
          tenant: result.tenant.slug,
          demoKey: result.demoKey ?? null,
        },
        () =>
          [
            `Operator: ${result.operatorEmail}${result.operatorPassword ? ` / ${result.operatorPassword}` : " (exists)"}`,
            `Tenant: ${result.tenant.slug}`,
            result.demoKey
              ? `Demo key: ${result.demoKey}`
              : isProduction(env)
                ? "Demo key: none in production"
                : "Demo key: created earlier (not shown again)",
          ].join("\n"),
      );
    });
}
