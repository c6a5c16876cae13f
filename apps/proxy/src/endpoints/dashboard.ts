// The legacy billing endpoints chat UIs (ChatGPT-Next-Web and friends) call to show a key's
// balance and spend. OpenAI's shapes use floating-point dollars (subscription) and cents (usage);
// these are for display only: the ledger stays exact in micro-dollars.
import type { Db } from "@relay/db";
import type { KeyRecord } from "../auth/key-cache.ts";
import { OpenAIError } from "../http/openai-error.ts";

const DAY_MS = 86_400_000;

function usd(micros: bigint): number {
  return Number(micros) / 1_000_000;
}

/** hard_limit_usd is what the key can still spend: the tenant's balance, or less under a budget. */
export async function billingSubscription(db: Db, key: KeyRecord) {
  const row = await db.apiKey.findUniqueOrThrow({
    where: { id: key.id },
    select: {
      budget: true,
      spent: true,
      expiresAt: true,
      tenant: { select: { balance: true, held: true } },
    },
  });
  let available = row.tenant.balance - row.tenant.held;
  if (row.budget !== null) {
    const left = row.budget - row.spent;
    if (left < available) available = left;
  }
  const limit = usd(available > 0n ? available : 0n);
  return {
    object: "billing_subscription",
    has_payment_method: true,
    soft_limit_usd: limit,
    hard_limit_usd: limit,
    system_hard_limit_usd: limit,
    access_until: row.expiresAt ? Math.floor(row.expiresAt.getTime() / 1000) : 0,
  };
}

/** A calendar day; "2026-13-01" and "2026-02-30" are not (Date would roll them over or fail). */
function parseDay(value: string | null, name: string): Date {
  const day = value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : null;
  if (!day || Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== value) {
    throw new OpenAIError(
      400,
      `'${name}' must be a date like 2026-11-01.`,
      "invalid_request_error",
      null,
      name,
    );
  }
  return day;
}

/** total_usage and daily_costs in cents for [start_date, end_date), from the daily rollups. */
export async function billingUsage(db: Db, key: KeyRecord, query: URLSearchParams) {
  const start = parseDay(query.get("start_date"), "start_date");
  const end = parseDay(query.get("end_date"), "end_date");
  if (end.getTime() <= start.getTime() || end.getTime() - start.getTime() > 100 * DAY_MS) {
    throw new OpenAIError(
      400,
      "The date range must be between 1 and 100 days.",
      "invalid_request_error",
      null,
      "end_date",
    );
  }
  const rows = await db.usageDaily.groupBy({
    by: ["day", "model"],
    where: { tenantId: key.tenantId, day: { gte: start, lt: end } },
    _sum: { price: true },
    orderBy: { day: "asc" },
  });
  const days = new Map<number, { name: string; cost: number }[]>();
  let total = 0;
  for (const row of rows) {
    const cents = usd(row._sum.price ?? 0n) * 100;
    total += cents;
    const stamp = row.day.getTime() / 1000;
    const items = days.get(stamp) ?? [];
    items.push({ name: row.model, cost: cents });
    days.set(stamp, items);
  }
  return {
    object: "list",
    total_usage: total,
    daily_costs: [...days.entries()].map(([timestamp, line_items]) => ({ timestamp, line_items })),
  };
}
