import { listInvitations } from "@relay/services";
import { z } from "zod";
import { tenantRoleProcedure } from "../../trpc.ts";

export const settingsInvitations = tenantRoleProcedure("ADMIN")
  .output(
    z.array(
      z.object({
        id: z.uuid(),
        email: z.string(),
        role: z.enum(["OWNER", "ADMIN", "DEVELOPER"]),
        expiresAt: z.date(),
        createdAt: z.date(),
      }),
    ),
  )
  .query(({ ctx }) => listInvitations({ ctx, input: { tenantId: ctx.membership.tenantId } }));
