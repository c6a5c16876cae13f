#!/usr/bin/env -S node --import tsx
// `pnpm relay <command>`: the operator's command line. Commands call the same service verbs as
// the console (`balance`, the one run most, reads with billing's pg reader instead, to answer
// fast). Exit codes: 0 done, 1 the operation failed, 2 bad arguments.
import { BillingError } from "@relay/billing/errors";
import { ServiceError } from "@relay/services/errors";
import { Command, CommanderError } from "commander";
import { registerCommands } from "./commands/index.ts";
import { ConfigError, cliEnv } from "./env.ts";
import { toJson, UsageError } from "./output.ts";

const program = new Command("relay")
  .description("Relay operator command line")
  .exitOverride()
  .showHelpAfterError("(run with --help for usage)")
  .configureOutput({ writeErr: (text) => process.stderr.write(text) });

await registerCommands(program, process.argv.slice(2));

function fail(code: number, error: { code: string; message: string }): never {
  if (process.argv.includes("--json")) process.stderr.write(`${toJson({ error })}\n`);
  else process.stderr.write(`error: ${error.message}\n`);
  process.exit(code);
}

try {
  // The whole environment, checked before any command runs.
  cliEnv();
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Help and version are "errors" to commander; they exit cleanly.
    if (error.exitCode === 0) process.exit(0);
    process.exit(2); // commander already printed the message
  }
  if (error instanceof UsageError) fail(2, { code: "INVALID_ARGUMENT", message: error.message });
  if (error instanceof ServiceError) {
    fail(error.code === "INVALID_INPUT" ? 2 : 1, { code: error.code, message: error.message });
  }
  if (error instanceof BillingError) fail(1, { code: error.code, message: error.message });
  if (error instanceof ConfigError) {
    fail(1, { code: "INVALID_CONFIGURATION", message: error.message });
  }
  throw error;
}
