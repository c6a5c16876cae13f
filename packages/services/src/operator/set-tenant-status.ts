import { inTransaction, type Tenant } from "@relay/db";
import { z } from "zod";
import { writeAudit } from "../audit.ts";
import type { ServiceContext } from "../context.ts";
import { ServiceError } from "../errors.ts";

/** Suspending needs a reason: the tenant's members are shown it, and the audit row keeps it. */
export const setTenantStatusInput = z.discriminatedUnion("status", [
  z.object({
    tenantId: z.uuid(),
    status: z.literal("SUSPENDED"),
    reason: z.string().trim().min(1, "a reason is required").max(500),
  }),
  z.object({
    tenantId: z.uuid(),
    status: z.literal("ACTIVE"),
    /** An optional note for the audit row; members see nothing of it. */
    reason: z.string().trim().max(500).optional(),
  }),
]);

/**
 * Suspends or reactivates a tenant, with its audit row in the same transaction. Suspending stores
 * the reason and the time; reactivating clears both. Setting the status it already has changes
 * nothing and writes nothing.
 */
export async function setTenantStatus({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: z.output<typeof setTenantStatusInput>;
}): Promise<Tenant> {
  const reason = input.reason?.trim() || null;
  if (input.status === "SUSPENDED" && !reason) {
    throw new ServiceError("INVALID_INPUT", "a reason is required to suspend a tenant");
  }
  return inTransaction(ctx.db, async (tx) => {
    const tenant = await tx.tenant.findUnique({ where: { id: input.tenantId } });
    if (!tenant) throw new ServiceError("NOT_FOUND", "No such tenant");
    if (tenant.status === input.status) return tenant;
    const updated = await tx.tenant.update({
      where: { id: tenant.id },
      data:
        input.status === "SUSPENDED"
          ? { status: "SUSPENDED", suspendedReason: reason, suspendedAt: new Date() }
          : { status: "ACTIVE", suspendedReason: null, suspendedAt: null },
    });
    await writeAudit(tx, ctx.actor, {
      action: input.status === "SUSPENDED" ? "tenant.suspend" : "tenant.reactivate",
      targetType: "tenant",
      targetId: tenant.id,
      tenantId: tenant.id,
      data: {
        from: tenant.status,
        to: input.status,
        reason,
        // What the reactivation lifted, so the log reads on its own.
        ...(input.status === "ACTIVE" ? { suspendedReason: tenant.suspendedReason } : {}),
      },
    });
    return updated;
  });
}
