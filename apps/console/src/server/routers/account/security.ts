import { z } from "zod";
import { twoFactorStatus } from "../../auth/two-factor/enrollment.ts";
import { protectedProcedure } from "../../trpc.ts";

export const accountSecurityOutput = z.object({
  email: z.string(),
  emailVerified: z.boolean(),
  twoFactor: z.object({ enabled: z.boolean(), recoveryCodesLeft: z.number().int() }),
});

/** The signed-in person's own account: verified email, two-factor. */
export const accountSecurity = protectedProcedure
  .output(accountSecurityOutput)
  .query(async ({ ctx }) => {
    const user = await ctx.db.user.findUniqueOrThrow({
      where: { id: ctx.user.id },
      select: { email: true, emailVerified: true },
    });
    return {
      email: user.email,
      emailVerified: user.emailVerified !== null,
      twoFactor: await twoFactorStatus(ctx.db, ctx.user.id),
    };
  });
