import type { Db, Tx } from "@relay/db";

/** Who is acting: recorded in the audit log with every change to money, keys, channels, prices. */
export interface Actor {
  /** The user's id; absent for the CLI and the system. */
  userId?: string;
  /** Readable without a user row: an email, "cli", "system". */
  label: string;
}

export interface ServiceContext {
  db: Db | Tx;
  actor: Actor;
}

export const SYSTEM_ACTOR: Actor = { label: "system" };
