import type { Db, MemberRole, PriceGroup, Tenant, Tx } from "@relay/db";
import { ServiceError } from "../errors.ts";

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
