import { inTransaction, type Tenant } from "@relay/db";
import { z } from "zod";
import { auditMoney, writeAudit } from "../audit.ts";
import type { ServiceContext } from "../context.ts";
import { ServiceError } from "../errors.ts";

export const updateTenantSettingsInput = z.object({
  tenantId: z.uuid(),
  name: z.string().trim().min(1).max(80).optional(),
  /** Micro-dollars; null turns the alert off. */
  lowBalanceThreshold: z.bigint().nonnegative().nullable().optional(),
  lowBalanceEmail: z.email().nullable().optional(),
});

/** A tenant's own settings: its name and the low-balance alert. Audited. */
export async function updateTenantSettings({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: z.output<typeof updateTenantSettingsInput>;
}): Promise<Tenant> {
  return inTransaction(ctx.db, async (tx) => {
    const found = await tx.tenant.findUnique({ where: { id: input.tenantId } });
    if (!found) throw new ServiceError("NOT_FOUND", "No such tenant");
    const thresholdChanged =
      input.lowBalanceThreshold !== undefined &&
      input.lowBalanceThreshold !== found.lowBalanceThreshold;
    const tenant = await tx.tenant.update({
      where: { id: found.id },
      data: {
        name: input.name,
        lowBalanceThreshold: input.lowBalanceThreshold,
        lowBalanceEmail: input.lowBalanceEmail,
        // A new threshold deserves a fresh alert.
        ...(thresholdChanged ? { lowBalanceAlertedAt: null } : {}),
      },
    });
    await writeAudit(tx, ctx.actor, {
      action: "tenant.settings",
      targetType: "tenant",
      targetId: tenant.id,
      tenantId: tenant.id,
      data: {
        name: tenant.name,
        lowBalanceThreshold:
          tenant.lowBalanceThreshold === null ? null : auditMoney(tenant.lowBalanceThreshold),
        lowBalanceEmail: tenant.lowBalanceEmail,
      },
    });
    return tenant;
  });
}
