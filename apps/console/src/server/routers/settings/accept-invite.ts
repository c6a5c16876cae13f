import { acceptInvitation } from "@relay/services";
import { z } from "zod";
import { protectedProcedure } from "../../trpc.ts";

/** Not tenant-scoped: the token is the proof, and the caller is not a member yet. */
export const settingsAcceptInvite = protectedProcedure
  .input(z.object({ token: z.string().min(20).max(200) }))
  .output(
    z.object({
      tenantId: z.uuid(),
      slug: z.string(),
      role: z.enum(["OWNER", "ADMIN", "DEVELOPER"]),
    }),
  )
  .mutation(({ ctx, input }) =>
    acceptInvitation({
      ctx: { db: ctx.db, actor: { userId: ctx.user.id, label: ctx.user.email } },
      input,
    }),
  );
