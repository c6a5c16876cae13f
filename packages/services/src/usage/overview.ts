import type { Db, Tx } from "@relay/db";
import { ServiceError } from "../errors.ts";

export const OVERVIEW_DAYS = 30;

export interface TenantOverview {
  balance: bigint;
  held: bigint;
  /** The workspace's low-balance threshold; null when the alert is off. */
  lowBalanceThreshold: bigint | null;
  spendToday: bigint;
  spendThisMonth: bigint;
  /** One entry per UTC day, oldest first, OVERVIEW_DAYS long, zero-filled. */
  daily: Array<{
    day: string;
    requests: number;
    errors: number;
    promptTokens: bigint;
    completionTokens: bigint;
    spend: bigint;
  }>;
  /** Spend per model over the same days, largest first. */
  byModel: Array<{ model: string; requests: number; spend: bigint }>;
}

/**
 * The numbers the overview page shows. Reads only the daily rollups (usage_daily), never the
 * request log, so it answers in the same time for ten requests or ten million.
 */
export async function getTenantOverview({
  ctx,
  input,
}: {
  ctx: { db: Db | Tx };
  input: { tenantId: string; now?: Date };
}): Promise<TenantOverview> {
  const now = input.now ?? new Date();
  const today = utcDay(now);
  const from = addDays(today, -(OVERVIEW_DAYS - 1));
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const where = { tenantId: input.tenantId };

  const [tenant, perDay, perModel, month] = await Promise.all([
    ctx.db.tenant.findUnique({
      where: { id: input.tenantId },
      select: { balance: true, held: true, lowBalanceThreshold: true },
    }),
    ctx.db.usageDaily.groupBy({
      by: ["day"],
      where: { ...where, day: { gte: from } },
      _sum: {
        requests: true,
        errors: true,
        promptTokens: true,
        completionTokens: true,
        price: true,
      },
    }),
    ctx.db.usageDaily.groupBy({
      by: ["model"],
      where: { ...where, day: { gte: from } },
      _sum: { requests: true, price: true },
    }),
    ctx.db.usageDaily.aggregate({
      where: { ...where, day: { gte: monthStart } },
      _sum: { price: true },
    }),
  ]);
  if (!tenant) throw new ServiceError("NOT_FOUND", "No such tenant");

  const byDay = new Map(perDay.map((row) => [isoDay(row.day), row._sum]));
  const daily = Array.from({ length: OVERVIEW_DAYS }, (_, index) => {
    const day = isoDay(addDays(from, index));
    const sum = byDay.get(day);
    return {
      day,
      requests: sum?.requests ?? 0,
      errors: sum?.errors ?? 0,
      promptTokens: sum?.promptTokens ?? 0n,
      completionTokens: sum?.completionTokens ?? 0n,
      spend: sum?.price ?? 0n,
    };
  });
  const byModel = perModel
    .map((row) => ({
      model: row.model,
      requests: row._sum.requests ?? 0,
      spend: row._sum.price ?? 0n,
    }))
    .sort((a, b) => (a.spend === b.spend ? b.requests - a.requests : a.spend < b.spend ? 1 : -1));

  return {
    balance: tenant.balance,
    held: tenant.held,
    lowBalanceThreshold: tenant.lowBalanceThreshold,
    spendToday: byDay.get(isoDay(today))?.price ?? 0n,
    spendThisMonth: month._sum.price ?? 0n,
    daily,
    byModel,
  };
}

function utcDay(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000);
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
