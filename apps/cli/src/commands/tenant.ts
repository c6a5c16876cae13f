import { createTenant, createTenantInput, listTenants } from "@relay/services";
import type { Command } from "commander";
import { withDatabase } from "../database.ts";
import { CLI_ACTOR, parseInput, usd } from "../options.ts";
import { money, print } from "../output.ts";

export function tenantCommands(program: Command): void {
  const tenant = program.command("tenant").description("manage tenants (customer organisations)");

  tenant
    .command("create")
    .description("create a tenant, optionally with opening credit")
    .requiredOption("--name <name>", "display name")
    .option("--slug <slug>", "short id used on the command line (default: from the name)")
    .option("--credit <usd>", "opening credit in USD, e.g. 5 or 12.50", usd("credit"))
    .option("--json", "machine-readable output")
    .action(async (opts: { name: string; slug?: string; credit?: string; json?: boolean }) => {
      const input = parseInput(createTenantInput, opts);
      const created = await withDatabase((db) =>
        createTenant({ ctx: { db, actor: CLI_ACTOR }, input }),
      );
      print(
        Boolean(opts.json),
        { id: created.id, name: created.name, slug: created.slug, balance: money(created.balance) },
        () =>
          `Created tenant ${created.slug} (${created.id}), balance ${money(created.balance).usd} USD`,
      );
    });

  tenant
    .command("list")
    .description("list tenants")
    .option("--search <text>", "filter by name or slug")
    .option("--json", "machine-readable output")
    .action(async (opts: { search?: string; json?: boolean }) => {
      const tenants = await withDatabase((db) =>
        listTenants({ ctx: { db }, input: { search: opts.search } }),
      );
      const rows = tenants.map((t) => ({
        id: t.id,
        slug: t.slug,
        name: t.name,
        status: t.status,
        balance: money(t.balance),
      }));
      print(Boolean(opts.json), rows, () =>
        rows.length === 0
          ? "No tenants."
          : rows
              .map(
                (r) =>
                  `${r.slug.padEnd(24)} ${r.status.padEnd(10)} ${r.balance.usd.padStart(16)} USD  ${r.name}`,
              )
              .join("\n"),
      );
    });
}
