// A whole gateway for tests: the real proxy on a free port, in front of simulated upstreams, on
// the package's test database, with tenants and keys made through the same services as the CLI.
import { parseUsd } from "@relay/billing";
import { getDb } from "@relay/db";
import { addChannel, createApiKey, createTenant, seedDemo, setPrice } from "@relay/services";
import { startUpstreamSim, type UpstreamSim } from "@relay/upstream-sim";
import OpenAI from "openai";
import pg from "pg";
import { encryptionKeyOf, parseEnv } from "../env.ts";
import { createProxy, type ProxyServer } from "../server.ts";

const actor = { label: "test" };
/** Channels are stored under the key src/main.ts loads here, so a proxy process a test spawns can read them. */
export const encryptionKey = encryptionKeyOf(parseEnv(process.env));
let counter = 0;

export interface Harness {
  sim: UpstreamSim;
  proxy: ProxyServer;
  baseURL: string;
  db: ReturnType<typeof getDb>;
  pool: pg.Pool;
  tenant(options?: {
    credit?: string;
    rpm?: number;
    tpm?: number;
    budget?: string;
    models?: string[];
    ips?: string[];
  }): Promise<{ tenantId: string; key: string; keyId: string }>;
  client(key: string): OpenAI;
  balance(tenantId: string): Promise<{ balance: bigint; held: bigint; ledger: bigint }>;
  close(): Promise<void>;
}

export async function startHarness(
  options: { proxy?: Partial<Parameters<typeof createProxy>[0]> } = {},
): Promise<Harness> {
  const db = getDb();
  const url = process.env.DATABASE_URL ?? "";
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const sim = await startUpstreamSim();
  await seedDemo({
    ctx: { db },
    input: { operatorEmail: "op@relay.test", operatorPassword: "pw", upstreamUrl: sim.url },
    encryptionKey,
  });
  // The seed keeps an existing channel's URL in step with this run's simulator.
  await db.channel.updateMany({
    where: { name: "Simulated upstream" },
    data: { baseUrl: sim.url },
  });
  const proxy = createProxy({
    db,
    pool,
    encryptionKey,
    keyCacheTtlMs: 200,
    catalogRefreshMs: 0,
    settlementDelayMs: 1,
    ...options.proxy,
  });
  const baseURL = (await proxy.listen(0, "127.0.0.1")).url;

  return {
    sim,
    proxy,
    baseURL,
    db,
    pool,
    async tenant(opts = {}) {
      counter += 1;
      const tenant = await createTenant({
        ctx: { db, actor },
        input: {
          name: `Tenant ${counter}`,
          slug: `t-${process.pid}-${Date.now().toString(36)}-${counter}`,
          credit:
            opts.credit === undefined
              ? parseUsd("10")
              : opts.credit === "0"
                ? undefined
                : parseUsd(opts.credit),
        },
      });
      const { apiKey, secret } = await createApiKey({
        ctx: { db, actor },
        input: {
          tenant: tenant.id,
          name: "test",
          allowedModels: opts.models ?? [],
          allowedIps: opts.ips ?? [],
          rpmLimit: opts.rpm,
          tpmLimit: opts.tpm,
          budget: opts.budget === undefined ? undefined : parseUsd(opts.budget),
        },
      });
      return { tenantId: tenant.id, key: secret, keyId: apiKey.id };
    },
    client(key) {
      return new OpenAI({ apiKey: key, baseURL, maxRetries: 0 });
    },
    async balance(tenantId) {
      await proxy.flush();
      const tenant = await db.tenant.findUniqueOrThrow({ where: { id: tenantId } });
      const sum = await db.ledgerEntry.aggregate({ where: { tenantId }, _sum: { amount: true } });
      return { balance: tenant.balance, held: tenant.held, ledger: sum._sum.amount ?? 0n };
    },
    async close() {
      await proxy.close();
      await sim.close();
      await pool.end();
    },
  };
}

/** Adds a priced model served by the given upstreams, in priority order (first = highest). */
export async function modelOn(
  db: ReturnType<typeof getDb>,
  model: string,
  upstreams: string[],
  prices = { input: "1", output: "2" },
): Promise<string[]> {
  await setPrice({
    ctx: { db, actor },
    input: { model, scope: "SALE", input: parseUsd(prices.input), output: parseUsd(prices.output) },
  });
  const ids: string[] = [];
  for (const [i, baseUrl] of upstreams.entries()) {
    const channel = await addChannel({
      ctx: { db, actor },
      input: {
        provider: "OPENAI_COMPATIBLE",
        name: `${model} #${i}`,
        baseUrl,
        apiKey: "sk-sim",
        models: [{ model, upstreamModel: null }],
        priority: upstreams.length - i,
        weight: 1,
        config: {},
      },
      encryptionKey,
    });
    ids.push(channel.id);
  }
  return ids;
}

/** gpt-4o-mini's seeded sale price for a usage, computed independently of the billing code. */
export function miniPrice(usage: { prompt_tokens: number; completion_tokens: number }): bigint {
  const exact = BigInt(usage.prompt_tokens) * 200_000n + BigInt(usage.completion_tokens) * 800_000n;
  return (exact + 999_999n) / 1_000_000n;
}
