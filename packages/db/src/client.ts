import { PrismaPg } from "@prisma/adapter-pg";
import { databaseUrl } from "./database-url.ts";
import { PrismaClient } from "./generated/prisma/client.ts";

export type Db = PrismaClient;
/** A transaction handle: what every service verb accepts so an outer transaction can be reused. */
export type Tx = Omit<
  PrismaClient,
  "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends"
>;

export function createDb(url: string, options: { max?: number } = {}): Db {
  const adapter = new PrismaPg({ connectionString: url, max: options.max ?? 10 });
  return new PrismaClient({ adapter });
}

let shared: Db | undefined;

/** The process's one Prisma client, on DATABASE_URL (or the running embedded database). */
export function getDb(): Db {
  shared ??= createDb(databaseUrl());
  return shared;
}

export async function closeDb(): Promise<void> {
  const db = shared;
  shared = undefined;
  await db?.$disconnect();
}

/**
 * Runs fn in a transaction: a new one on a client, or the caller's when given a transaction
 * handle already, so service verbs compose inside an outer transaction.
 */
export async function inTransaction<T>(db: Db | Tx, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if ("$transaction" in db) return db.$transaction(fn);
  return fn(db);
}
