import { z } from "zod";
import {
  confirmEnrollment,
  disableTwoFactor,
  startEnrollment,
} from "../../auth/two-factor/enrollment.ts";
import { protectedProcedure } from "../../trpc.ts";

const code = z.object({ code: z.string().trim().min(1).max(64) });

/** A pending secret and its QR code, for the authenticator app. */
export const accountTwoFactorStart = protectedProcedure
  .output(z.object({ secret: z.string(), uri: z.string(), qr: z.string() }))
  .mutation(({ ctx }) => startEnrollment(ctx.db, ctx.actor));

/** On, with the recovery codes shown this once. */
export const accountTwoFactorConfirm = protectedProcedure
  .input(code)
  .output(z.object({ recoveryCodes: z.array(z.string()) }))
  .mutation(({ ctx, input }) => confirmEnrollment(ctx.db, ctx.actor, input.code));

export const accountTwoFactorDisable = protectedProcedure
  .input(code)
  .output(z.object({ enabled: z.boolean() }))
  .mutation(({ ctx, input }) => disableTwoFactor(ctx.db, ctx.actor, input.code));
