import { listLedgerDays, listLedgerDaysInput, listUsageDay } from "@relay/services";
import { z } from "zod";
import { tenantProcedure } from "../../trpc.ts";

const entry = z.object({
  id: z.string(),
  kind: z.enum(["TOPUP", "GRANT", "REDEMPTION", "REFUND", "USAGE", "ADJUSTMENT", "REFERRAL"]),
  /** Micro-dollars, signed. */
  amount: z.bigint(),
  balanceAfter: z.bigint(),
  reason: z.string().nullable(),
  reference: z.string().nullable(),
  createdAt: z.date(),
});

export const billingLedgerDaysOutput = z.object({
  items: z.array(
    z.discriminatedUnion("type", [
      z.object({ type: z.literal("entry"), entry }),
      z.object({
        type: z.literal("usage"),
        day: z.string(),
        amount: z.bigint(),
        calls: z.number().int(),
        balanceAfter: z.bigint(),
        lastAt: z.date(),
      }),
    ]),
  ),
  nextBefore: z.string().nullable(),
});

const asEntry = (row: Awaited<ReturnType<typeof listUsageDay>>[number]) => ({
  id: row.id.toString(),
  kind: row.kind,
  amount: row.amount,
  balanceAfter: row.balanceAfter,
  reason: row.reason,
  reference: row.reference,
  createdAt: row.createdAt,
});

/** The balance history with usage folded into one row per UTC day; pages by day (`cursor`). */
export const billingLedgerDays = tenantProcedure
  .input(
    listLedgerDaysInput
      .omit({ tenantId: true, before: true })
      .extend({ cursor: listLedgerDaysInput.shape.before }),
  )
  .output(billingLedgerDaysOutput)
  .query(async ({ ctx, input }) => {
    const page = await listLedgerDays({
      ctx,
      input: { tenantId: ctx.membership.tenantId, days: input.days, before: input.cursor },
    });
    return {
      nextBefore: page.nextBefore,
      items: page.items.map((item) =>
        item.type === "entry" ? { type: "entry" as const, entry: asEntry(item.entry) } : item,
      ),
    };
  });

/** One day's usage entries, for an expanded usage row. */
export const billingUsageDay = tenantProcedure
  .input(z.object({ day: z.iso.date() }))
  .output(z.array(entry))
  .query(async ({ ctx, input }) =>
    (
      await listUsageDay({
        ctx,
        input: { tenantId: ctx.membership.tenantId, day: input.day, limit: 100 },
      })
    ).map(asEntry),
  );
