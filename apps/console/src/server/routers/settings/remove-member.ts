import { removeMember } from "@relay/services";
import { z } from "zod";
import { tenantRoleProcedure } from "../../trpc.ts";

export const settingsRemoveMember = tenantRoleProcedure("OWNER")
  .input(z.object({ userId: z.uuid() }))
  .output(z.object({ userId: z.uuid() }))
  .mutation(({ ctx, input }) =>
    removeMember({ ctx, input: { tenantId: ctx.membership.tenantId, userId: input.userId } }),
  );
