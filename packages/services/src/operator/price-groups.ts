import { type Db, inTransaction, type PriceGroup, type Tenant, type Tx } from "@relay/db";
import { z } from "zod";
import { writeAudit } from "../audit.ts";
import type { ServiceContext } from "../context.ts";
import { ServiceError } from "../errors.ts";

/** "120" or "87.5" percent -> parts per million, exactly (no float): 120 -> 1_200_000. */
export function percentToPpm(text: string): number {
  const match = /^(\d{1,4})(?:\.(\d{1,4}))?$/.exec(text.trim());
  if (!match) throw new ServiceError("INVALID_INPUT", "multiplier: a percentage like 120 or 87.5");
  const [, whole = "0", fraction = ""] = match;
  return Number(whole) * 10_000 + Number(fraction.padEnd(4, "0"));
}

export const createPriceGroupInput = z.object({
  name: z.string().trim().min(1, "name is required").max(80),
  /** The sale-price multiplier as a percentage of list price: "100" = 1.0x, "120" = 1.2x. */
  multiplierPercent: z.string().trim().min(1, "multiplier is required"),
});

export async function listPriceGroupChoices({
  ctx,
}: {
  ctx: { db: Db | Tx };
}): Promise<Array<PriceGroup & { tenantCount: number }>> {
  const groups = await ctx.db.priceGroup.findMany({
    orderBy: { name: "asc" },
    include: { _count: { select: { tenants: true } } },
  });
  return groups.map(({ _count, ...group }) => ({ ...group, tenantCount: _count.tenants }));
}

export async function createPriceGroup({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: z.output<typeof createPriceGroupInput>;
}): Promise<PriceGroup> {
  const multiplierPpm = percentToPpm(input.multiplierPercent);
  if (multiplierPpm <= 0 || multiplierPpm > 10_000_000) {
    throw new ServiceError("INVALID_INPUT", "multiplier: between 0.0001% and 1000%");
  }
  return inTransaction(ctx.db, async (tx) => {
    if (await tx.priceGroup.findUnique({ where: { name: input.name } })) {
      throw new ServiceError("CONFLICT", `A price group named "${input.name}" already exists`);
    }
    const group = await tx.priceGroup.create({ data: { name: input.name, multiplierPpm } });
    await writeAudit(tx, ctx.actor, {
      action: "price_group.create",
      targetType: "price_group",
      targetId: group.id,
      data: { name: group.name, multiplierPpm },
    });
    return group;
  });
}

export const assignPriceGroupInput = z.object({
  tenantId: z.uuid(),
  /** null puts the tenant back on list prices. */
  priceGroupId: z.uuid().nullable(),
});

export async function assignPriceGroup({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: z.output<typeof assignPriceGroupInput>;
}): Promise<Tenant> {
  return inTransaction(ctx.db, async (tx) => {
    const tenant = await tx.tenant.findUnique({ where: { id: input.tenantId } });
    if (!tenant) throw new ServiceError("NOT_FOUND", "No such tenant");
    if (
      input.priceGroupId !== null &&
      !(await tx.priceGroup.findUnique({ where: { id: input.priceGroupId } }))
    ) {
      throw new ServiceError("NOT_FOUND", "No such price group");
    }
    if (tenant.priceGroupId === input.priceGroupId) return tenant;
    const updated = await tx.tenant.update({
      where: { id: tenant.id },
      data: { priceGroupId: input.priceGroupId },
    });
    await writeAudit(tx, ctx.actor, {
      action: "tenant.price_group",
      targetType: "tenant",
      targetId: tenant.id,
      tenantId: tenant.id,
      data: { from: tenant.priceGroupId, to: input.priceGroupId },
    });
    return updated;
  });
}
