import { createDb } from "@relay/db";
import { loadEnv } from "./env.ts";
import { createProxy } from "./server.ts";

const env = loadEnv();
const db = createDb(env.DATABASE_URL);
const proxy = createProxy({ db, keyCacheTtlMs: env.RELAY_KEY_CACHE_TTL_MS });
const { port } = await proxy.listen(env.PORT, env.HOST);
console.log(`Relay proxy listening on http://${env.HOST}:${port}/v1`);

async function shutdown(signal: string): Promise<void> {
  console.log(`${signal}: draining connections…`);
  await proxy.close();
  await db.$disconnect();
  process.exit(0);
}
process.once("SIGTERM", () => void shutdown("SIGTERM"));
process.once("SIGINT", () => void shutdown("SIGINT"));
