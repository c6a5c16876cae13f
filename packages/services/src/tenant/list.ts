import type { Db, Prisma, Tenant, Tx } from "@relay/db";
import { z } from "zod";
import { parseTimeIdCursor, timeIdCursor } from "../operator/keyset.ts";

function searchWhere(search: string | undefined): Prisma.TenantWhereInput {
  return search
    ? {
        OR: [
          { name: { contains: search, mode: "insensitive" } },
          { slug: { contains: search, mode: "insensitive" } },
        ],
      }
    : {};
}

/** The first `take` tenants, oldest first, by name or slug (the CLI's list). */
export async function listTenants({
  ctx,
  input,
}: {
  ctx: { db: Db | Tx };
  input: { search?: string; take?: number };
}): Promise<Tenant[]> {
  return ctx.db.tenant.findMany({
    where: searchWhere(input.search),
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: input.take ?? 100,
  });
}

export const listTenantPageInput = z.object({
  /** Part of the name or the slug, any case. */
  search: z.string().trim().max(120).optional(),
  cursor: z.string().max(64).optional(),
  limit: z.number().int().min(1).max(200).default(50),
});

/**
 * Every tenant, oldest first, a page at a time by keyset on (created_at, id): however many
 * tenants there are, each appears on exactly one page, and the search applies to every page.
 */
export async function listTenantPage({
  ctx,
  input,
}: {
  ctx: { db: Db | Tx };
  input: z.output<typeof listTenantPageInput>;
}): Promise<{ items: Tenant[]; nextCursor: string | null }> {
  const after = parseTimeIdCursor(input.cursor);
  const where: Prisma.TenantWhereInput = { AND: [searchWhere(input.search || undefined)] };
  if (after) {
    where.OR = [
      { createdAt: { gt: after.createdAt } },
      { createdAt: after.createdAt, id: { gt: after.id } },
    ];
  }
  const rows = await ctx.db.tenant.findMany({
    where,
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: input.limit + 1,
  });
  const items = rows.slice(0, input.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > input.limit && last ? timeIdCursor(last) : null };
}
