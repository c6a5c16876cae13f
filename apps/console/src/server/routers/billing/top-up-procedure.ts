import { assertEmailVerified } from "@relay/services";
import { tenantRoleProcedure } from "../../trpc.ts";

/**
 * Every way of paying for a top-up (card, WeChat Pay, Alipay) starts here: a developer or above
 * whose email is verified. An unverified one gets FORBIDDEN with the message the page shows
 * beside its "resend verification" button.
 */
export const topUpProcedure = tenantRoleProcedure("DEVELOPER").use(async ({ ctx, next }) => {
  await assertEmailVerified(ctx.db, ctx.user.id);
  return next();
});
