import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { tenantProcedure } from "../../trpc.ts";

export const settingsGetOutput = z.object({
  name: z.string(),
  slug: z.string(),
  lowBalanceThreshold: z.bigint().nullable(),
  lowBalanceEmail: z.string().nullable(),
  /** When the last low-balance alert went out; null once the balance is back above the threshold. */
  lowBalanceAlertedAt: z.date().nullable(),
  /** The caller's own role, so the page shows only what they may change. */
  myRole: z.enum(["OWNER", "ADMIN", "DEVELOPER"]),
  myUserId: z.uuid(),
});

export const settingsGet = tenantProcedure.output(settingsGetOutput).query(async ({ ctx }) => {
  const tenant = await ctx.db.tenant.findUnique({
    where: { id: ctx.membership.tenantId },
    select: {
      name: true,
      slug: true,
      lowBalanceThreshold: true,
      lowBalanceEmail: true,
      lowBalanceAlertedAt: true,
    },
  });
  if (!tenant) throw new TRPCError({ code: "NOT_FOUND", message: "No such tenant" });
  return { ...tenant, myRole: ctx.membership.role, myUserId: ctx.user.id };
});
