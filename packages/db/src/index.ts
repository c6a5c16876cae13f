export { closeDb, createDb, type Db, getDb, inTransaction, type Tx } from "./client.ts";
export { databaseUrl, runningEmbedded } from "./database-url.ts";
export * from "./generated/prisma/client.ts";
export { projectRoot, relayHome } from "./paths.ts";
