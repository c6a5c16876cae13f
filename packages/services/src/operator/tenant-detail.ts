import type { Db, LedgerEntry, MemberRole, PriceGroup, Tenant, Tx } from "@relay/db";
import { z } from "zod";
import { ServiceError } from "../errors.ts";
import { pageOf, parseIdCursor } from "./keyset.ts";

export interface TenantDetail {
  tenant: Tenant & { priceGroup: PriceGroup | null };
  members: Array<{ userId: string; email: string; name: string | null; role: MemberRole }>;
}

/** What an operator sees at the top of a tenant's page: the tenant, its plan and its members. */
export async function getTenantDetail({
  ctx,
  input,
}: {
  ctx: { db: Db | Tx };
  input: { tenantId: string };
}): Promise<TenantDetail> {
  const tenant = await ctx.db.tenant.findUnique({
    where: { id: input.tenantId },
    include: {
      priceGroup: true,
      members: {
        orderBy: { createdAt: "asc" },
        include: { user: { select: { email: true, name: true } } },
      },
    },
  });
  if (!tenant) throw new ServiceError("NOT_FOUND", "No such tenant");
  const { members, ...rest } = tenant;
  return {
    tenant: rest,
    members: members.map((m) => ({
      userId: m.userId,
      email: m.user.email,
      name: m.user.name,
      role: m.role,
    })),
  };
}

export const listTenantLedgerInput = z.object({
  tenantId: z.uuid(),
  cursor: z.string().optional(),
  limit: z.number().int().min(1).max(100).default(20),
});

/**
 * A tenant's ledger, newest first, by keyset on id (ids rise with time within a tenant): an
 * index range scan however deep the page.
 */
export async function listTenantLedger({
  ctx,
  input,
}: {
  ctx: { db: Db | Tx };
  input: z.output<typeof listTenantLedgerInput>;
}): Promise<{ items: LedgerEntry[]; nextCursor: string | null }> {
  const before = parseIdCursor(input.cursor);
  const rows = await ctx.db.ledgerEntry.findMany({
    where: { tenantId: input.tenantId, ...(before === undefined ? {} : { id: { lt: before } }) },
    orderBy: { id: "desc" },
    take: input.limit + 1,
  });
  return pageOf(rows, input.limit);
}
