import { getBalance } from "@relay/billing";
import { creditTenant, creditTenantInput, findTenant } from "@relay/services";
import type { Command } from "commander";
import { withDatabase } from "../database.ts";
import { CLI_ACTOR, parseInput, usd } from "../options.ts";
import { money, print } from "../output.ts";

export function moneyCommands(program: Command): void {
  program
    .command("credit")
    .description("credit (or, with a negative amount, debit) a tenant's balance")
    .requiredOption("--tenant <tenant>", "tenant slug or id")
    .requiredOption(
      "--amount <usd>",
      "USD; negative to debit, e.g. -2.50 (at most 1,000,000,000)",
      usd("amount", { negative: true, zero: false }),
    )
    .requiredOption("--reason <text>", "why: kept in the ledger and the audit log")
    .option("--kind <kind>", "GRANT, ADJUSTMENT or REFUND (default: by sign)")
    .option("--idempotency-key <key>", "retrying with the same key never credits twice")
    .option("--json", "machine-readable output")
    .action(
      async (opts: {
        tenant: string;
        amount: string;
        reason: string;
        kind?: string;
        idempotencyKey?: string;
        json?: boolean;
      }) => {
        const input = parseInput(creditTenantInput, { ...opts, kind: opts.kind?.toUpperCase() });
        const { entry, duplicate } = await withDatabase((db) =>
          creditTenant({ ctx: { db, actor: CLI_ACTOR }, input }),
        );
        print(
          Boolean(opts.json),
          {
            entryId: entry.id,
            kind: entry.kind,
            amount: money(entry.amount),
            balance: money(entry.balanceAfter),
            duplicate,
          },
          () =>
            `${duplicate ? "Already applied" : "Applied"}: ${entry.kind} ${money(entry.amount).usd} USD, balance ${money(entry.balanceAfter).usd} USD`,
        );
      },
    );

  program
    .command("balance")
    .description("show a tenant's balance")
    .requiredOption("--tenant <tenant>", "tenant slug or id")
    .option("--json", "machine-readable output")
    .action(async (opts: { tenant: string; json?: boolean }) => {
      const { tenant, balance } = await withDatabase(async (db) => {
        const tenant = await findTenant({ ctx: { db }, input: { tenant: opts.tenant } });
        return {
          tenant,
          balance: await getBalance({ ctx: { db }, input: { tenantId: tenant.id } }),
        };
      });
      print(
        Boolean(opts.json),
        {
          tenant: tenant.slug,
          tenantId: tenant.id,
          currency: "USD",
          balance: money(balance.balance),
          held: money(balance.held),
          available: money(balance.available),
        },
        () => `${tenant.slug}: ${money(balance.balance).usd} USD (${money(balance.held).usd} held)`,
      );
    });
}
