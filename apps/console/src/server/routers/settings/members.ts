import { listMembers } from "@relay/services";
import { z } from "zod";
import { tenantProcedure } from "../../trpc.ts";

export const memberOutput = z.object({
  userId: z.uuid(),
  email: z.string(),
  name: z.string().nullable(),
  role: z.enum(["OWNER", "ADMIN", "DEVELOPER"]),
  createdAt: z.date(),
});

export const settingsMembers = tenantProcedure
  .output(z.array(memberOutput))
  .query(({ ctx }) => listMembers({ ctx, input: { tenantId: ctx.membership.tenantId } }));
