// Every command, by the module that defines it. Each module is loaded only when one of its
// commands runs (all of them for help or an unknown command): a command starts without the code
// of every other, which is what keeps `relay balance` well under a second.
// (In a module of its own: tsx cannot read dynamic imports in a file that starts with a shebang.)
import type { Command } from "commander";

type Register = (program: Command) => void;

const GROUPS: { commands: string[]; load: () => Promise<Register[]> }[] = [
  {
    commands: ["tenant"],
    load: () => import("./tenant.ts").then((m) => [m.tenantCommands]),
  },
  { commands: ["key"], load: () => import("./key.ts").then((m) => [m.keyCommands]) },
  {
    commands: ["credit", "balance"],
    load: () => import("./money.ts").then((m) => [m.moneyCommands]),
  },
  {
    commands: ["price", "channel"],
    load: () => import("./catalog.ts").then((m) => [m.catalogCommands]),
  },
  {
    commands: ["fine-tune-price", "storage-quota"],
    load: () => import("./fine-tuning.ts").then((m) => [m.fineTuningCommands]),
  },
  {
    commands: ["model", "code-msg"],
    load: () => import("./defaults.ts").then((m) => [m.modelCommands, m.codeMsgCommand]),
  },
  {
    commands: ["migrate", "seed"],
    load: () => import("./database.ts").then((m) => [m.databaseCommands]),
  },
  { commands: ["start"], load: () => import("./start.ts").then((m) => [m.startCommand]) },
];

/** Defines the commands `args` (the command line after the program) can name on `program`. */
export async function registerCommands(program: Command, args: string[]): Promise<void> {
  const named = args.find((arg) => !arg.startsWith("-"));
  const group = GROUPS.find((g) => named !== undefined && g.commands.includes(named));
  for (const { load } of group ? [group] : GROUPS) {
    for (const register of await load()) register(program);
  }
}
