import type { Db, Tx } from "@relay/db";

export const DASHBOARD_DAYS = 30;
const TOP_TENANTS = 10;

interface Money {
  revenue: bigint;
  cost: bigint;
  margin: bigint;
}

export interface PlatformDashboard {
  /** One entry per UTC day, oldest first, DASHBOARD_DAYS long, zero-filled. */
  daily: Array<Money & { day: string; requests: number }>;
  /** Over the same days, largest revenue first. */
  byModel: Array<Money & { model: string; requests: number }>;
  totals: Money & { requests: number };
  /** Spend since the first of this UTC month, largest first. */
  topTenants: Array<{ tenantId: string; slug: string; name: string; spend: bigint }>;
  /** The last 24 hours of the request log, per channel (null: refused before any channel). */
  channels: Array<{
    channelId: string | null;
    name: string | null;
    requests: number;
    errors: number;
  }>;
}

/**
 * The operator's numbers. Money comes from the daily rollups only; the error rates read the last
 * 24 hours of usage_records by its created_at index, one grouped pass.
 */
export async function getPlatformDashboard({
  ctx,
  input,
}: {
  ctx: { db: Db | Tx };
  input: { now?: Date };
}): Promise<PlatformDashboard> {
  const now = input.now ?? new Date();
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const from = addDays(today, -(DASHBOARD_DAYS - 1));
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const since = new Date(now.getTime() - 86_400_000);

  const [perDay, perModel, perTenant, perChannel] = await Promise.all([
    ctx.db.usageDaily.groupBy({
      by: ["day"],
      where: { day: { gte: from } },
      _sum: { requests: true, price: true, upstreamCost: true },
    }),
    ctx.db.usageDaily.groupBy({
      by: ["model"],
      where: { day: { gte: from } },
      _sum: { requests: true, price: true, upstreamCost: true },
    }),
    ctx.db.usageDaily.groupBy({
      by: ["tenantId"],
      where: { day: { gte: monthStart } },
      _sum: { price: true },
      orderBy: { _sum: { price: "desc" } },
      take: TOP_TENANTS,
    }),
    ctx.db.$queryRaw<Array<{ channel_id: string | null; requests: number; errors: number }>>`
      SELECT channel_id, count(*)::int AS requests,
             (count(*) FILTER (WHERE status >= 400))::int AS errors
      FROM usage_records
      WHERE created_at >= ${since}
      GROUP BY channel_id`,
  ]);

  const money = (sum: { price: bigint | null; upstreamCost: bigint | null }): Money => {
    const revenue = sum.price ?? 0n;
    const cost = sum.upstreamCost ?? 0n;
    return { revenue, cost, margin: revenue - cost };
  };

  const byDay = new Map(perDay.map((row) => [isoDay(row.day), row._sum]));
  const daily = Array.from({ length: DASHBOARD_DAYS }, (_, index) => {
    const day = isoDay(addDays(from, index));
    const sum = byDay.get(day);
    return {
      day,
      requests: sum?.requests ?? 0,
      ...money({ price: sum?.price ?? null, upstreamCost: sum?.upstreamCost ?? null }),
    };
  });
  const byModel = perModel
    .map((row) => ({ model: row.model, requests: row._sum.requests ?? 0, ...money(row._sum) }))
    .sort((a, b) =>
      a.revenue === b.revenue ? b.requests - a.requests : a.revenue < b.revenue ? 1 : -1,
    );
  const totals = daily.reduce(
    (acc, d) => ({
      requests: acc.requests + d.requests,
      revenue: acc.revenue + d.revenue,
      cost: acc.cost + d.cost,
      margin: acc.margin + d.margin,
    }),
    { requests: 0, revenue: 0n, cost: 0n, margin: 0n },
  );

  const [tenants, channels] = await Promise.all([
    ctx.db.tenant.findMany({
      where: { id: { in: perTenant.map((row) => row.tenantId) } },
      select: { id: true, slug: true, name: true },
    }),
    ctx.db.channel.findMany({
      where: { id: { in: perChannel.flatMap((row) => (row.channel_id ? [row.channel_id] : [])) } },
      select: { id: true, name: true },
    }),
  ]);
  const tenantById = new Map(tenants.map((t) => [t.id, t]));
  const channelName = new Map(channels.map((c) => [c.id, c.name]));

  return {
    daily,
    byModel,
    totals,
    topTenants: perTenant.flatMap((row) => {
      const tenant = tenantById.get(row.tenantId);
      return tenant
        ? [
            {
              tenantId: tenant.id,
              slug: tenant.slug,
              name: tenant.name,
              spend: row._sum.price ?? 0n,
            },
          ]
        : [];
    }),
    channels: perChannel
      .map((row) => ({
        channelId: row.channel_id,
        name: row.channel_id ? (channelName.get(row.channel_id) ?? null) : null,
        requests: row.requests,
        errors: row.errors,
      }))
      .sort((a, b) => b.requests - a.requests),
  };
}

function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000);
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
