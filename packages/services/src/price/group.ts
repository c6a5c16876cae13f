import { inTransaction, type PriceGroup } from "@relay/db";
import { z } from "zod";
import { writeAudit } from "../audit.ts";
import type { ServiceContext } from "../context.ts";
import { ServiceError } from "../errors.ts";

/**
 * A multiplier typed as a percentage ("90", "112.5"), parsed exactly into parts per million:
 * 100% = 1,000,000 ppm. Up to four decimals, never through a float.
 */
export const percentAsPpm = z
  .string()
  .trim()
  .regex(/^\d{1,4}(\.\d{1,4})?$/, "a percentage like 90 or 112.5")
  .transform((text, ctx) => {
    const [whole = "0", fraction = ""] = text.split(".");
    const ppm = Number(whole) * 10_000 + Number(fraction.padEnd(4, "0"));
    if (ppm <= 0 || ppm > 10_000_000) {
      ctx.addIssue({ code: "custom", message: "between 0.0001% and 1000%" });
      return z.NEVER;
    }
    return ppm;
  });

/** 1,000,000 ppm reads "100"; 1,125,000 reads "112.5". */
export function ppmAsPercent(ppm: number): string {
  const whole = Math.trunc(ppm / 10_000);
  const fraction = (ppm % 10_000).toString().padStart(4, "0").replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : `${whole}`;
}

export interface PriceGroupRow {
  id: string;
  name: string;
  multiplierPpm: number;
  tenantCount: number;
  createdAt: Date;
}

export async function listPriceGroups({
  ctx,
}: {
  ctx: Pick<ServiceContext, "db">;
}): Promise<PriceGroupRow[]> {
  const groups = await ctx.db.priceGroup.findMany({
    orderBy: { name: "asc" },
    include: { _count: { select: { tenants: true } } },
  });
  return groups.map((g) => ({
    id: g.id,
    name: g.name,
    multiplierPpm: g.multiplierPpm,
    tenantCount: g._count.tenants,
    createdAt: g.createdAt,
  }));
}

export const savePriceGroupInput = z.object({
  /** Absent creates a group. */
  id: z.uuid().optional(),
  name: z.string().trim().min(1, "a name is required").max(80),
  multiplier: percentAsPpm,
});

/**
 * The one verb for price groups, from the catalog page and the tenant page alike: creates a group
 * when `id` is absent, edits its name and multiplier otherwise; the audit row keeps before and
 * after. Names are unique (CONFLICT).
 */
export async function savePriceGroup({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: z.output<typeof savePriceGroupInput>;
}): Promise<PriceGroup> {
  return inTransaction(ctx.db, async (tx) => {
    const clash = await tx.priceGroup.findUnique({ where: { name: input.name } });
    if (clash && clash.id !== input.id) {
      throw new ServiceError("CONFLICT", `A price group named "${input.name}" already exists`);
    }
    const data = { name: input.name, multiplierPpm: input.multiplier };
    if (!input.id) {
      const group = await tx.priceGroup.create({ data });
      await writeAudit(tx, ctx.actor, {
        action: "price_group.create",
        targetType: "price_group",
        targetId: group.id,
        data: { after: data },
      });
      return group;
    }
    const before = await tx.priceGroup.findUnique({ where: { id: input.id } });
    if (!before) throw new ServiceError("NOT_FOUND", "No such price group");
    const group = await tx.priceGroup.update({ where: { id: input.id }, data });
    await writeAudit(tx, ctx.actor, {
      action: "price_group.update",
      targetType: "price_group",
      targetId: group.id,
      data: { before: { name: before.name, multiplierPpm: before.multiplierPpm }, after: data },
    });
    return group;
  });
}
