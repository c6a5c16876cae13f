import { requestSignUp, SYSTEM_ACTOR, signUpInput } from "@relay/services";
import { z } from "zod";
import { env, mail } from "../../../env.ts";
import { publicProcedure } from "../../trpc.ts";

/** The same for a new and a taken email: nothing here tells whether the address has an account. */
export const accountSignUpOutput = z.object({ email: z.string() });

/**
 * Creates the account, or emails the owner of a taken address; the page then signs in through
 * next-auth with the same password, which only works for the account just made (or the owner).
 */
export const accountSignUp = publicProcedure
  .input(signUpInput)
  .output(accountSignUpOutput)
  .mutation(({ ctx, input }) =>
    requestSignUp({
      ctx: { db: ctx.db, actor: { ...SYSTEM_ACTOR, label: input.email } },
      input,
      consoleUrl: env.RELAY_CONSOLE_PUBLIC_URL,
      mail,
    }),
  );
