import { getUserWithMemberships } from "@relay/services";
import { z } from "zod";
import { protectedProcedure } from "../../trpc.ts";

export const meGetOutput = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string().nullable(),
  role: z.enum(["OPERATOR", "USER"]),
  memberships: z.array(
    z.object({
      role: z.enum(["OWNER", "ADMIN", "DEVELOPER"]),
      tenant: z.object({
        id: z.uuid(),
        name: z.string(),
        slug: z.string(),
        status: z.enum(["ACTIVE", "SUSPENDED"]),
        suspendedReason: z.string().nullable(),
      }),
    }),
  ),
});

export const meGet = protectedProcedure
  .output(meGetOutput)
  .query(({ ctx }) => getUserWithMemberships({ ctx, input: { userId: ctx.user.id } }));
