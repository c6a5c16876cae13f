import type { AuditLog, Db, Prisma, Tx } from "@relay/db";
import { z } from "zod";
import { pageOf, parseIdCursor } from "./keyset.ts";

export const listAuditLogInput = z.object({
  /** An exact action ("ledger.grant") or a family ("ledger."). */
  action: z.string().trim().max(100).optional(),
  tenantId: z.uuid().optional(),
  /** Who acted, exactly as recorded: an email, "cli", "system". */
  actor: z.string().trim().max(320).optional(),
  cursor: z.string().optional(),
  limit: z.number().int().min(1).max(100).default(50),
});

export type AuditEntry = AuditLog & { tenant: { slug: string; name: string } | null };

/**
 * The audit log, newest first, by keyset on id: pages stay a range scan of the primary key (or of
 * (tenant_id, created_at) or (actor_label, created_at) when filtered by tenant or actor) however
 * long the log grows. Filters combine.
 */
export async function listAuditLog({
  ctx,
  input,
}: {
  ctx: { db: Db | Tx };
  input: z.output<typeof listAuditLogInput>;
}): Promise<{ items: AuditEntry[]; nextCursor: string | null }> {
  const before = parseIdCursor(input.cursor);
  const where: Prisma.AuditLogWhereInput = {};
  if (before !== undefined) where.id = { lt: before };
  if (input.tenantId) where.tenantId = input.tenantId;
  if (input.actor) where.actorLabel = input.actor;
  if (input.action) {
    where.action = input.action.endsWith(".")
      ? { startsWith: input.action }
      : { equals: input.action };
  }
  const rows = await ctx.db.auditLog.findMany({
    where,
    orderBy: { id: "desc" },
    take: input.limit + 1,
  });
  // Audit rows keep a plain tenant id (no foreign key): names are looked up for the page only.
  const tenantIds = [...new Set(rows.map((r) => r.tenantId).filter((id) => id !== null))];
  const tenants = tenantIds.length
    ? await ctx.db.tenant.findMany({
        where: { id: { in: tenantIds } },
        select: { id: true, slug: true, name: true },
      })
    : [];
  const byId = new Map(tenants.map((t) => [t.id, { slug: t.slug, name: t.name }]));
  const page = pageOf(rows, input.limit);
  return {
    nextCursor: page.nextCursor,
    items: page.items.map((row) => ({
      ...row,
      tenant: row.tenantId ? (byId.get(row.tenantId) ?? null) : null,
    })),
  };
}
