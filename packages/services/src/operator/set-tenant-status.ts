import { inTransaction, type Tenant } from "@relay/db";
import { z } from "zod";
import { writeAudit } from "../audit.ts";
import type { ServiceContext } from "../context.ts";
import { ServiceError } from "../errors.ts";

export const setTenantStatusInput = z.object({
  tenantId: z.uuid(),
  status: z.enum(["ACTIVE", "SUSPENDED"]),
  reason: z.string().trim().max(500).optional(),
});

/**
 * Suspends or reactivates a tenant, with its audit row in the same transaction. Setting the status
 * it already has changes nothing and writes nothing.
 */
export async function setTenantStatus({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: z.output<typeof setTenantStatusInput>;
}): Promise<Tenant> {
  return inTransaction(ctx.db, async (tx) => {
    const tenant = await tx.tenant.findUnique({ where: { id: input.tenantId } });
    if (!tenant) throw new ServiceError("NOT_FOUND", "No such tenant");
    if (tenant.status === input.status) return tenant;
    const updated = await tx.tenant.update({
      where: { id: tenant.id },
      data: { status: input.status },
    });
    await writeAudit(tx, ctx.actor, {
      action: input.status === "SUSPENDED" ? "tenant.suspend" : "tenant.reactivate",
      targetType: "tenant",
      targetId: tenant.id,
      tenantId: tenant.id,
      data: { from: tenant.status, to: input.status, reason: input.reason ?? null },
    });
    return updated;
  });
}
