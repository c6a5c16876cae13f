// `pnpm start`: the whole platform on one machine with no configuration (see
// platform/start-platform.ts). Only the command is defined here: what it needs is loaded when it
// runs, so other commands start without it.
import type { Command } from "commander";

export function startCommand(program: Command): void {
  program
    .command("start")
    .description("start the whole platform: database, upstream simulator, proxy and console")
    .option(
      "--dev",
      "the console's development server (hot reload) instead of its production build",
    )
    .action(async (opts: { dev?: boolean }) => {
      const { startPlatform } = await import("../platform/start-platform.ts");
      await startPlatform({ dev: opts.dev === true });
    });
}
