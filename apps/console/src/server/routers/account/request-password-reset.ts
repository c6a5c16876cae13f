import { requestPasswordReset, requestPasswordResetInput } from "@relay/services";
import { z } from "zod";
import { env, mail } from "../../../env.ts";
import { publicProcedure } from "../../trpc.ts";

/** The same answer for any address: nothing tells whether it has an account. */
export const accountRequestPasswordReset = publicProcedure
  .input(requestPasswordResetInput.pick({ email: true }))
  .output(z.object({ email: z.string() }))
  .mutation(({ ctx, input }) =>
    requestPasswordReset({
      ctx: { db: ctx.db },
      input,
      consoleUrl: env.RELAY_CONSOLE_PUBLIC_URL,
      mail,
    }),
  );
