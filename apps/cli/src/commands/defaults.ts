import {
  DEFAULT_MODEL_ENDPOINTS,
  type DefaultModels,
  findTenant,
  getPlatformCodeMsg,
  listDefaultModels,
  setDefaultModel,
  setDefaultModelInput,
  setPlatformCodeMsg,
  setTenantCodeMsg,
} from "@relay/services";
import type { Command } from "commander";
import { withDatabase } from "../database.ts";
import { CLI_ACTOR, parseInput } from "../options.ts";
import { print, UsageError } from "../output.ts";

function defaultsView(defaults: DefaultModels) {
  return DEFAULT_MODEL_ENDPOINTS.map((endpoint) => ({
    endpoint,
    model: defaults[endpoint] ?? null,
  }));
}

/** `relay model default`: the model a call naming none gets, per endpoint. */
export function modelCommands(program: Command): void {
  program
    .command("model")
    .description("models")
    .command("default")
    .description(
      `list the default models, or set one: the model a call without "model" gets (${DEFAULT_MODEL_ENDPOINTS.join(", ")})`,
    )
    .option("--endpoint <endpoint>", DEFAULT_MODEL_ENDPOINTS.join(", "))
    .option("--model <model>", "the endpoint's default model")
    .option("--clear", "no default: a call without a model is refused with a 400")
    .option("--json", "machine-readable output")
    .action(
      async (opts: { endpoint?: string; model?: string; clear?: boolean; json?: boolean }) => {
        if (opts.endpoint === undefined && (opts.model !== undefined || opts.clear)) {
          throw new UsageError("--endpoint is required to set or clear a default");
        }
        if (opts.endpoint !== undefined && (opts.model === undefined) === !opts.clear) {
          throw new UsageError("give either --model or --clear");
        }
        const defaults = await withDatabase((db) => {
          if (opts.endpoint === undefined) return listDefaultModels({ ctx: { db } });
          const input = parseInput(setDefaultModelInput, {
            endpoint: opts.endpoint,
            model: opts.clear ? null : opts.model,
          });
          return setDefaultModel({ ctx: { db, actor: CLI_ACTOR }, input });
        });
        const rows = defaultsView(defaults);
        print(Boolean(opts.json), rows, () =>
          rows
            .map((r) => `${r.endpoint.padEnd(12)} ${r.model ?? "(none: model required)"}`)
            .join("\n"),
        );
      },
    );
}

const SWITCH = ["on", "off", "inherit"] as const;

/** `relay code-msg`: the seed service's "code" and "msg" in JSON answers. */
export function codeMsgCommand(program: Command): void {
  program
    .command("code-msg")
    .description(
      'show or switch "code" and "msg" in JSON answers: platform-wide, or for one tenant (inherit follows the platform)',
    )
    .argument("[switch]", SWITCH.join(", "))
    .option("--tenant <tenant>", "a tenant's override instead of the platform's setting")
    .option("--json", "machine-readable output")
    .action(async (value: string | undefined, opts: { tenant?: string; json?: boolean }) => {
      const chosen = SWITCH.find((s) => s === value);
      if (value !== undefined && !chosen)
        throw new UsageError(`the switch is one of ${SWITCH.join(", ")}`);
      if (chosen === "inherit" && !opts.tenant) {
        throw new UsageError(
          "inherit is for a tenant (--tenant): the platform has nothing above it",
        );
      }
      const view = await withDatabase(async (db) => {
        const ctx = { db, actor: CLI_ACTOR };
        const platform = await getPlatformCodeMsg({ ctx });
        if (!opts.tenant) {
          const enabled =
            chosen === undefined
              ? platform
              : await setPlatformCodeMsg({ ctx, input: { enabled: chosen === "on" } });
          return { scope: "platform", codeMsg: enabled, effective: enabled };
        }
        const found = await findTenant({ ctx, input: { tenant: opts.tenant } });
        const tenant =
          chosen === undefined
            ? found
            : await setTenantCodeMsg({
                ctx,
                input: {
                  tenantId: found.id,
                  codeMsg: chosen === "inherit" ? null : chosen === "on",
                },
              });
        return {
          scope: "tenant",
          tenant: tenant.slug,
          codeMsg: tenant.codeMsg,
          effective: tenant.codeMsg ?? platform,
        };
      });
      print(Boolean(opts.json), view, () => {
        const setting = view.codeMsg === null ? "inherit" : view.codeMsg ? "on" : "off";
        const where = "tenant" in view ? `tenant ${view.tenant}` : "platform";
        return `code/msg for the ${where}: ${setting} (answers ${view.effective ? "carry" : "omit"} them)`;
      });
    });
}
