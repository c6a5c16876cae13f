import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client.ts";
import { databaseUrl } from "./database-url.ts";

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
