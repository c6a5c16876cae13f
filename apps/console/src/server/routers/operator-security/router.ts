import { getOperatorTwoFactorRequired, setOperatorTwoFactorRequired } from "@relay/services";
import { z } from "zod";
import { operatorProcedure, router } from "../../trpc.ts";

const setting = z.object({ requireTwoFactor: z.boolean() });

export const operatorSecurityRouter = router({
  get: operatorProcedure.output(setting).query(async ({ ctx }) => ({
    requireTwoFactor: await getOperatorTwoFactorRequired({ ctx }),
  })),
  /** Audited. */
  set: operatorProcedure
    .input(setting)
    .output(setting)
    .mutation(async ({ ctx, input }) => ({
      requireTwoFactor: await setOperatorTwoFactorRequired({
        ctx: { db: ctx.db, actor: ctx.actor },
        input: { required: input.requireTwoFactor },
      }),
    })),
});
