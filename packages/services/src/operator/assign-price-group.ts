import { inTransaction, type Tenant } from "@relay/db";
import { z } from "zod";
import { writeAudit } from "../audit.ts";
import type { ServiceContext } from "../context.ts";
import { ServiceError } from "../errors.ts";

export const assignPriceGroupInput = z.object({
  tenantId: z.uuid(),
  /** null puts the tenant back on list prices. */
  priceGroupId: z.uuid().nullable(),
});

/** Puts a tenant on a price group (or back on list prices), audited in the same transaction. */
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
