import { revokeInvitation } from "@relay/services";
import { z } from "zod";
import { tenantRoleProcedure } from "../../trpc.ts";

/** Withdraws a pending invitation of the caller's tenant: its link stops working at once. */
export const settingsRevokeInvitation = tenantRoleProcedure("ADMIN")
  .input(z.object({ invitationId: z.uuid() }))
  .output(z.object({ id: z.uuid(), email: z.string(), revokedAt: z.date() }))
  .mutation(({ ctx, input }) =>
    revokeInvitation({
      ctx,
      input: { tenantId: ctx.membership.tenantId, invitationId: input.invitationId },
    }),
  );
