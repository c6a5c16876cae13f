import { createInvitation, createInvitationInput } from "@relay/services";
import { z } from "zod";
import { env, mail } from "../../../env.ts";
import { tenantRoleProcedure } from "../../trpc.ts";

export const settingsInviteOutput = z.object({
  id: z.uuid(),
  /** The link's secret part: shown to the inviter this once, stored only hashed. */
  token: z.string(),
  expiresAt: z.date(),
  /** The email with the link: accepted by the SMTP server, kept in the outbox, or refused. */
  delivery: z.enum(["sent", "outbox", "failed"]),
});

export const settingsInvite = tenantRoleProcedure("ADMIN")
  .input(createInvitationInput.omit({ tenantId: true }))
  .output(settingsInviteOutput)
  .mutation(async ({ ctx, input }) => {
    const created = await createInvitation({
      ctx,
      input: { ...input, tenantId: ctx.membership.tenantId },
      consoleUrl: env.RELAY_CONSOLE_PUBLIC_URL,
      mail,
    });
    return { ...created, delivery: created.delivery ?? "outbox" };
  });
