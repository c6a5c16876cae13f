import { postLedgerEntry } from "@relay/billing";
import { inTransaction, type Tenant } from "@relay/db";
import { z } from "zod";
import { auditMoney, writeAudit } from "../audit.ts";
import type { ServiceContext } from "../context.ts";
import { ServiceError } from "../errors.ts";
import { usdAmount } from "../money-input.ts";
import { slugify } from "./slug.ts";

export const createTenantInput = z.object({
  name: z.string().trim().min(1, "name is required").max(120),
  slug: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,47}$/, "slug: lowercase letters, digits and dashes")
    .optional(),
  /** Opening credit in USD, granted through the ledger. */
  credit: usdAmount.optional(),
  priceGroupId: z.string().uuid().optional(),
});
export type CreateTenantInput = z.input<typeof createTenantInput>;

export async function createTenant({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  /** `referredById`: the workspace whose invite link this one signed up through (sign-up only). */
  input: z.output<typeof createTenantInput> & { referredById?: string };
}): Promise<Tenant> {
  if (input.credit !== undefined && input.credit < 0n) {
    throw new ServiceError("INVALID_INPUT", "Opening credit cannot be negative");
  }
  const slug = input.slug ?? slugify(input.name);
  return inTransaction(ctx.db, async (tx) => {
    if (await tx.tenant.findUnique({ where: { slug } })) {
      throw new ServiceError("CONFLICT", `A tenant with slug "${slug}" already exists`);
    }
    const tenant = await tx.tenant.create({
      data: {
        name: input.name,
        slug,
        priceGroupId: input.priceGroupId ?? null,
        referredById: input.referredById ?? null,
      },
    });
    await writeAudit(tx, ctx.actor, {
      action: "tenant.create",
      targetType: "tenant",
      targetId: tenant.id,
      tenantId: tenant.id,
      data: {
        name: tenant.name,
        slug,
        ...(input.referredById ? { referredBy: input.referredById } : {}),
      },
    });
    if (input.credit === undefined || input.credit === 0n) return tenant;

    const { entry } = await postLedgerEntry({
      ctx: { db: tx },
      input: {
        tenantId: tenant.id,
        kind: "GRANT",
        amount: input.credit,
        idempotencyKey: `tenant:${tenant.id}:opening-credit`,
        reason: "Opening credit",
        actorId: ctx.actor.userId,
      },
    });
    await writeAudit(tx, ctx.actor, {
      action: "ledger.grant",
      targetType: "ledger_entry",
      targetId: entry.id.toString(),
      tenantId: tenant.id,
      data: { amount: auditMoney(entry.amount), reason: "Opening credit" },
    });
    return { ...tenant, balance: entry.balanceAfter };
  });
}
