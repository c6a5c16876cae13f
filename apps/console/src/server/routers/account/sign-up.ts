import { SYSTEM_ACTOR, signUp, signUpInput } from "@relay/services";
import { z } from "zod";
import { publicProcedure } from "../../trpc.ts";

export const accountSignUpOutput = z.object({
  userId: z.uuid(),
  email: z.string(),
  tenant: z.object({ id: z.uuid(), name: z.string(), slug: z.string() }),
});

/** Creates the account; the page then signs in through next-auth with the same password. */
export const accountSignUp = publicProcedure
  .input(signUpInput)
  .output(accountSignUpOutput)
  .mutation(async ({ ctx, input }) => {
    const { user, tenant } = await signUp({
      ctx: { db: ctx.db, actor: { ...SYSTEM_ACTOR, label: input.email } },
      input,
    });
    return { userId: user.id, email: user.email, tenant };
  });
