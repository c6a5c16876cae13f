import { resendVerificationEmail } from "@relay/services";
import { z } from "zod";
import { env, mail } from "../../../env.ts";
import { protectedProcedure } from "../../trpc.ts";

/** A new verification link for the signed-in person (at most one a minute). */
export const accountResendVerification = protectedProcedure
  .output(z.object({ sent: z.boolean() }))
  .mutation(({ ctx }) =>
    resendVerificationEmail({
      ctx: { db: ctx.db, actor: ctx.actor },
      consoleUrl: env.RELAY_CONSOLE_PUBLIC_URL,
      mail,
    }),
  );
