import { readFileSync } from "node:fs";
import { join } from "node:path";
import { relayHome } from "./paths.ts";

export interface EmbeddedState {
  pid: number;
  port: number;
  url: string;
}

export function embeddedStateFile(): string {
  return join(relayHome(), "embedded-postgres.json");
}

/** The embedded database a running `pnpm start` serves, if its process is alive. */
export function runningEmbedded(): EmbeddedState | undefined {
  let state: EmbeddedState;
  try {
    state = JSON.parse(readFileSync(embeddedStateFile(), "utf8")) as EmbeddedState;
  } catch {
    return undefined;
  }
  try {
    process.kill(state.pid, 0);
    return state;
  } catch {
    return undefined;
  }
}

/** DATABASE_URL when set; otherwise the embedded database started by `pnpm start`. */
export function databaseUrl(): string {
  const fromEnv = process.env.DATABASE_URL;
  if (fromEnv) return fromEnv;
  const embedded = runningEmbedded();
  if (embedded) return embedded.url;
  throw new Error(
    "DATABASE_URL is not set and no embedded database is running: start Relay with `pnpm start`, or set DATABASE_URL.",
  );
}
