import { createInvitation, createInvitationInput } from "@relay/services/user/invitations";
import { z } from "zod";
import { tenantRoleProcedure } from "../../trpc.ts";

export const settingsInviteOutput = z.object({
  id: z.uuid(),
  /** The link's secret part: shown to the inviter this once, stored only hashed. */
  token: z.string(),
  expiresAt: z.date(),
});

export const settingsInvite = tenantRoleProcedure("ADMIN")
  .input(createInvitationInput.omit({ tenantId: true }))
  .output(settingsInviteOutput)
  .mutation(({ ctx, input }) =>
    createInvitation({ ctx, input: { ...input, tenantId: ctx.membership.tenantId } }),
  );
