import { addChannel, addChannelInput, setPrice, setPriceInput } from "@relay/services";
import type { Command } from "commander";
import { withDatabase } from "../database.ts";
import { cliEnv, encryptionKeyOf } from "../env.ts";
import { CLI_ACTOR, integer, list, parseInput, usd } from "../options.ts";
import { money, print } from "../output.ts";

export function catalogCommands(program: Command): void {
  program
    .command("price")
    .description("model prices")
    .command("set")
    .description("set a model's price per 1M tokens (creates the model if new)")
    .requiredOption("--model <model>", "model id, e.g. gpt-4o-mini")
    .requiredOption("--input <usd>", "USD per 1M input tokens", usd("input"))
    .requiredOption("--output <usd>", "USD per 1M output tokens", usd("output"))
    .option("--cached <usd>", "USD per 1M cached input tokens", usd("cached"))
    .option("--per-request <usd>", "USD per request", usd("per-request"))
    .option("--per-second <usd>", "USD per second of audio (transcription)", usd("per-second"))
    .option("--per-mchar <usd>", "USD per 1M input characters (speech)", usd("per-mchar"))
    .option("--scope <scope>", "sale (what tenants pay) or cost (what upstream charges)", "sale")
    .option("--json", "machine-readable output")
    .action(
      async (opts: {
        model: string;
        input: string;
        output: string;
        cached?: string;
        perRequest?: string;
        perSecond?: string;
        perMchar?: string;
        scope: string;
        json?: boolean;
      }) => {
        const input = parseInput(setPriceInput, {
          model: opts.model,
          scope: opts.scope.toUpperCase(),
          input: opts.input,
          output: opts.output,
          cachedInput: opts.cached,
          perRequest: opts.perRequest,
          perAudioSecond: opts.perSecond,
          perMChar: opts.perMchar,
        });
        const price = await withDatabase((db) =>
          setPrice({ ctx: { db, actor: CLI_ACTOR }, input }),
        );
        const view = {
          model: price.modelId,
          scope: price.scope,
          inputPer1M: money(price.inputPerMTok),
          outputPer1M: money(price.outputPerMTok),
          cachedInputPer1M: money(price.cachedInputPerMTok),
          perRequest: money(price.perRequest),
          perAudioSecond: money(price.perAudioSecond),
          perMChar: money(price.perMChar),
        };
        print(
          Boolean(opts.json),
          view,
          () =>
            `${view.model} (${view.scope}): input ${view.inputPer1M.usd}, output ${view.outputPer1M.usd}, cached ${view.cachedInputPer1M.usd} USD per 1M tokens` +
            (price.perAudioSecond > 0n ? `; ${view.perAudioSecond.usd} USD per audio second` : "") +
            (price.perMChar > 0n ? `; ${view.perMChar.usd} USD per 1M characters` : ""),
        );
      },
    );

  program
    .command("channel")
    .description("upstream channels")
    .command("add")
    .description("add an upstream channel; its API key is stored encrypted")
    .requiredOption("--provider <provider>", "openai, openai-compatible, azure or anthropic")
    .requiredOption("--base-url <url>", "e.g. https://api.openai.com/v1")
    .requiredOption("--api-key <key>", "the upstream credential")
    .requiredOption("--models <list>", "comma-separated; name=upstream-name maps a model")
    .option("--name <name>", "a label for the channel")
    .option("--priority <n>", "higher is tried first", integer("priority"), 0)
    .option("--weight <n>", "share of traffic within a priority", integer("weight", { min: 1 }), 1)
    .option("--api-version <version>", "Azure's api-version")
    .option("--json", "machine-readable output")
    .action(
      async (opts: {
        provider: string;
        baseUrl: string;
        apiKey: string;
        models: string;
        name?: string;
        priority: number;
        weight: number;
        apiVersion?: string;
        json?: boolean;
      }) => {
        const input = parseInput(addChannelInput, {
          ...opts,
          models: list(opts.models),
          config: opts.apiVersion ? { apiVersion: opts.apiVersion } : {},
        });
        // Before the database: in production a missing key stops the command here.
        const encryptionKey = encryptionKeyOf(cliEnv());
        const channel = await withDatabase((db) =>
          addChannel({ ctx: { db, actor: CLI_ACTOR }, input, encryptionKey }),
        );
        const view = {
          id: channel.id,
          name: channel.name,
          provider: channel.provider,
          baseUrl: channel.baseUrl,
          credential: channel.credentialHint,
          models: input.models,
          priority: channel.priority,
          weight: channel.weight,
        };
        print(
          Boolean(opts.json),
          view,
          () =>
            `Added channel "${view.name}" (${view.id}) serving ${input.models.map((m) => m.model).join(", ")}`,
        );
      },
    );
}
