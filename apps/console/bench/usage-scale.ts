// Does the usage page and the overview stay under 300 ms for a tenant with a million requests?
// Seeds 1,000,000 usage_records (and the usage_daily rollups the proxy would have written) for one
// tenant with set-based INSERT ... SELECT generate_series, then times the procedures the pages call
// through createCaller. On DATABASE_URL's server when set (a fresh database, dropped afterwards),
// else on the embedded Postgres.
//
//   pnpm --filter @relay/console bench:usage [-- --rows 1000000]
import { createDb } from "@relay/db";
import { createTestDatabase } from "@relay/db/testing";
import { createApiKey, signUp, signUpInput } from "@relay/services";
import { createCaller } from "../src/server/root.ts";
import { createContext } from "../src/server/trpc.ts";

const TARGET_MS = 300;
const RUNS = 7;
const rowsArg = process.argv.indexOf("--rows");
const ROWS = rowsArg > 0 ? Number(process.argv[rowsArg + 1]) : 1_000_000;
const CHUNK = 100_000;
const DAYS = 90;
const MODELS = [
  "gpt-4o-mini",
  "gpt-4o",
  "claude-3-5-sonnet",
  "deepseek-chat",
  "text-embedding-3-small",
];

async function main(): Promise<void> {
  const database = await createTestDatabase(process.env.DATABASE_URL);
  console.log(`database: ${database.engine}`);
  const db = createDb(database.url);
  try {
    const actor = { label: "bench" };
    const { user, tenant } = await signUp({
      ctx: { db, actor },
      input: signUpInput.parse({
        name: "bench",
        email: "bench@example.com",
        password: "password123",
      }),
    });
    const keys: string[] = [];
    for (const name of ["prod", "staging", "ci", "batch"]) {
      const { apiKey } = await createApiKey({
        ctx: { db, actor },
        input: { tenant: tenant.id, name, allowedModels: [], allowedIps: [] },
      });
      keys.push(apiKey.id);
    }

    // Spread evenly over the last DAYS days, newest at "now"; 1 in 20 requests fails.
    const seedStart = performance.now();
    const span = DAYS * 86_400;
    for (let from = 1; from <= ROWS; from += CHUNK) {
      const to = Math.min(ROWS, from + CHUNK - 1);
      await db.$executeRawUnsafe(
        `INSERT INTO usage_records (request_id, tenant_id, api_key_id, model, endpoint, stream, status,
           error_code, prompt_tokens, completion_tokens, cached_tokens, price, upstream_cost,
           latency_ms, first_byte_ms, created_at)
         SELECT 'bench-' || g, $1::uuid, ($2::uuid[])[1 + g % 4], ($3::text[])[1 + g % 5],
           '/v1/chat/completions', g % 3 = 0,
           CASE WHEN g % 20 = 0 THEN 429 ELSE 200 END,
           CASE WHEN g % 20 = 0 THEN 'rate_limit_exceeded' END,
           100 + g % 900, 20 + g % 300, g % 64, 150 + g % 1000, 100 + g % 700,
           200 + g % 1500, 80 + g % 400,
           now() - make_interval(secs => ($4::bigint - g) * $5::float8 / $4::bigint)
         FROM generate_series($6::bigint, $7::bigint) AS g`,
        tenant.id,
        keys,
        MODELS,
        ROWS,
        span,
        from,
        to,
      );
      process.stdout.write(`\rseeded ${to.toLocaleString("en")} usage records`);
    }
    await db.$executeRawUnsafe(
      `INSERT INTO usage_daily (tenant_id, day, api_key_id, model, requests, errors, prompt_tokens,
         completion_tokens, cached_tokens, price, upstream_cost)
       SELECT tenant_id, (created_at AT TIME ZONE 'UTC')::date, api_key_id, model, count(*),
         count(*) FILTER (WHERE status >= 400), sum(prompt_tokens), sum(completion_tokens),
         sum(cached_tokens), sum(price), sum(upstream_cost)
       FROM usage_records WHERE tenant_id = $1::uuid GROUP BY 1, 2, 3, 4`,
      tenant.id,
    );
    await db.$executeRawUnsafe("ANALYZE usage_records");
    await db.$executeRawUnsafe("ANALYZE usage_daily");
    console.log(`\nseeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

    const caller = createCaller(
      createContext({ db, session: { user: { ...user, role: "USER" } } }),
    );
    const tenantId = tenant.id;
    // A page 90% of the way down the log: the cursor a user would reach by paging (found once).
    const [deep] = await db.$queryRawUnsafe<Array<{ created_at: Date; id: bigint }>>(
      `SELECT created_at, id FROM usage_records WHERE tenant_id = $1::uuid
       ORDER BY created_at DESC, id DESC OFFSET $2 LIMIT 1`,
      tenantId,
      Math.floor(ROWS * 0.9),
    );
    if (!deep) throw new Error("no deep row");
    const deepCursor = `${deep.created_at.toISOString()}_${deep.id}`;
    const weekAgo = new Date(Date.now() - 7 * 86_400_000);

    const cases: Array<[string, () => Promise<unknown>]> = [
      ["usage.list first page", () => caller.usage.list({ tenantId })],
      [
        "usage.list filtered (key + model + errors + last 7 days)",
        () =>
          caller.usage.list({
            tenantId,
            apiKeyId: keys[1],
            model: "gpt-4o",
            statusMin: 400,
            from: weekAgo,
          }),
      ],
      [
        "usage.list filtered (model)",
        () => caller.usage.list({ tenantId, model: "deepseek-chat" }),
      ],
      [
        "usage.list deep keyset page (90%)",
        () => caller.usage.list({ tenantId, cursor: deepCursor }),
      ],
      ["usage.get (request detail)", () => caller.usage.get({ tenantId, requestId: "bench-4242" })],
      ["tenant.overview", () => caller.tenant.overview({ tenantId })],
    ];

    let failed = false;
    console.log(`\n${"query".padEnd(58)} ${"median".padStart(9)} ${"max".padStart(9)}`);
    for (const [name, run] of cases) {
      await run(); // warm the plan and the cache, as a page reload would be
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const start = performance.now();
        await run();
        times.push(performance.now() - start);
      }
      times.sort((a, b) => a - b);
      const median = times[Math.floor(times.length / 2)] ?? Number.NaN;
      const max = times.at(-1) ?? Number.NaN;
      const ok = median < TARGET_MS;
      failed ||= !ok;
      console.log(
        `${name.padEnd(58)} ${median.toFixed(1).padStart(7)}ms ${max.toFixed(1).padStart(7)}ms ${ok ? "ok" : `OVER ${TARGET_MS} ms`}`,
      );
    }
    process.exitCode = failed ? 1 : 0;
  } finally {
    await db.$disconnect();
    await database.drop();
  }
}

await main();
