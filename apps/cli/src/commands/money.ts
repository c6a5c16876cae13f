import { ServiceError } from "@relay/services/errors";
import type { Command } from "commander";
import { withDatabase, withDatabaseUrl } from "../database.ts";
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
        const { creditTenant, creditTenantInput } = await import("@relay/services");
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
      // Read with `pg` alone: the ORM would be most of the command's time.
      const { readTenantBalance } = await import("@relay/billing/tenant-balance");
      const balance = await withDatabaseUrl((url) => readTenantBalance(url, opts.tenant));
      if (!balance) throw new ServiceError("NOT_FOUND", `No tenant "${opts.tenant}"`);
      print(
        Boolean(opts.json),
        {
          tenant: balance.slug,
          tenantId: balance.tenantId,
          currency: "USD",
          balance: money(balance.balance),
          held: money(balance.held),
          available: money(balance.available),
        },
        () =>
          `${balance.slug}: ${money(balance.balance).usd} USD (${money(balance.held).usd} held)`,
      );
    });
}
