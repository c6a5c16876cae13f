import {
  findTenant,
  setFineTunePrice,
  setFineTunePriceInput,
  setStorageQuota,
} from "@relay/services";
import type { Command } from "commander";
import { withDatabase } from "../database.ts";
import { CLI_ACTOR, integer, parseInput, usd } from "../options.ts";
import { money, print } from "../output.ts";

export function fineTuningCommands(program: Command): void {
  program
    .command("fine-tune-price")
    .description("what fine-tuning a base model costs")
    .command("set")
    .description("set a base model's training price and its fine-tuned models' usage prices")
    .requiredOption("--model <model>", "the base model, e.g. gpt-4o-mini")
    .requiredOption("--training <usd>", "USD per 1M trained tokens", usd("training"))
    .requiredOption("--input <usd>", "USD per 1M input tokens of a fine-tuned model", usd("input"))
    .requiredOption(
      "--output <usd>",
      "USD per 1M output tokens of a fine-tuned model",
      usd("output"),
    )
    .option("--cached <usd>", "USD per 1M cached input tokens of a fine-tuned model", usd("cached"))
    .option("--json", "machine-readable output")
    .action(
      async (opts: {
        model: string;
        training: string;
        input: string;
        output: string;
        cached?: string;
        json?: boolean;
      }) => {
        const input = parseInput(setFineTunePriceInput, {
          model: opts.model,
          training: opts.training,
          input: opts.input,
          output: opts.output,
          cachedInput: opts.cached,
        });
        const price = await withDatabase((db) =>
          setFineTunePrice({ ctx: { db, actor: CLI_ACTOR }, input }),
        );
        const view = {
          model: price.modelId,
          trainingPer1M: money(price.trainingPerMTok),
          inputPer1M: money(price.inputPerMTok),
          outputPer1M: money(price.outputPerMTok),
        };
        print(
          Boolean(opts.json),
          view,
          () =>
            `${view.model}: training ${view.trainingPer1M.usd} USD per 1M tokens; fine-tuned input ${view.inputPer1M.usd}, output ${view.outputPer1M.usd} USD per 1M tokens`,
        );
      },
    );

  program
    .command("storage-quota")
    .description("how many bytes of files a tenant may keep upstream")
    .command("set")
    .description("set a tenant's storage quota in MiB (omit --mib for the 1 GiB default)")
    .requiredOption("--tenant <tenant>", "slug or id")
    .option("--mib <n>", "whole MiB", integer("mib", { min: 0 }))
    .option("--json", "machine-readable output")
    .action(async (opts: { tenant: string; mib?: number; json?: boolean }) => {
      const bytes = opts.mib === undefined ? null : BigInt(opts.mib) * 1024n * 1024n;
      const tenant = await withDatabase(async (db) => {
        const found = await findTenant({ ctx: { db }, input: { tenant: opts.tenant } });
        await setStorageQuota({
          ctx: { db, actor: CLI_ACTOR },
          input: { tenantId: found.id, bytes },
        });
        return found;
      });
      const view = { tenant: tenant.slug, quotaBytes: bytes === null ? null : bytes.toString() };
      print(
        Boolean(opts.json),
        view,
        () =>
          `${view.tenant}: storage quota ${bytes === null ? "the default (1 GiB)" : `${opts.mib} MiB`}`,
      );
    });
}
