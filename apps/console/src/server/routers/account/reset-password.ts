import { resetPassword, resetPasswordInput } from "@relay/services";
import { z } from "zod";
import { publicProcedure } from "../../trpc.ts";

/** Sets the new password from a reset link; the page then signs in with it. */
export const accountResetPassword = publicProcedure
  .input(resetPasswordInput)
  .output(z.object({ email: z.string() }))
  .mutation(({ ctx, input }) => resetPassword({ ctx: { db: ctx.db }, input }));
