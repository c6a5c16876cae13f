import { createApiKey, createApiKeyInput, revokeApiKey, revokeApiKeyInput } from "@relay/services";
import type { Command } from "commander";
import { withDatabase } from "../database.ts";
import { CLI_ACTOR, integer, list, parseInput, usd } from "../options.ts";
import { print } from "../output.ts";

interface CreateOptions {
  tenant: string;
  name?: string;
  models?: string;
  ips?: string;
  rpm?: number;
  tpm?: number;
  budget?: string;
  expires?: string;
  json?: boolean;
}

export function keyCommands(program: Command): void {
  const key = program.command("key").description("manage API keys");

  key
    .command("create")
    .description("create an API key for a tenant (the key is printed once)")
    .requiredOption("--tenant <tenant>", "tenant slug or id")
    .option("--name <name>", "a label for the key", "default")
    .option("--models <list>", "comma-separated models the key may use (default: all)")
    .option("--ips <list>", "comma-separated client IPs or CIDRs allowed (default: any)")
    .option("--rpm <n>", "requests per minute limit", integer("rpm", { min: 1 }))
    .option("--tpm <n>", "tokens per minute limit", integer("tpm", { min: 1 }))
    .option("--budget <usd>", "the most this key may spend, in USD", usd("budget"))
    .option("--expires <date>", "expiry date, e.g. 2027-01-31")
    .option("--json", "machine-readable output")
    .action(async (opts: CreateOptions) => {
      const input = parseInput(createApiKeyInput, {
        tenant: opts.tenant,
        name: opts.name,
        allowedModels: list(opts.models),
        allowedIps: list(opts.ips),
        rpmLimit: opts.rpm,
        tpmLimit: opts.tpm,
        budget: opts.budget,
        expiresAt: opts.expires,
      });
      const { apiKey, secret } = await withDatabase((db) =>
        createApiKey({ ctx: { db, actor: CLI_ACTOR }, input }),
      );
      print(
        Boolean(opts.json),
        {
          id: apiKey.id,
          tenantId: apiKey.tenantId,
          name: apiKey.name,
          prefix: apiKey.prefix,
          key: secret,
        },
        () =>
          `${secret}\n\nKey "${apiKey.name}" (${apiKey.id}) created. Copy it now: it is not shown again.`,
      );
    });

  key
    .command("revoke")
    .description("revoke an API key, by id or visible prefix")
    .argument("<key>", "the key's id or prefix (sk-relay-XXXX)")
    .option("--json", "machine-readable output")
    .action(async (keyArg: string, opts: { json?: boolean }) => {
      const input = parseInput(revokeApiKeyInput, { key: keyArg });
      const revoked = await withDatabase((db) =>
        revokeApiKey({ ctx: { db, actor: CLI_ACTOR }, input }),
      );
      print(
        Boolean(opts.json),
        { id: revoked.id, prefix: revoked.prefix, status: revoked.status },
        () => `Revoked ${revoked.prefix}… (${revoked.id})`,
      );
    });
}
