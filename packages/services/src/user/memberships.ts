import type { Db, MemberRole, PlatformRole, TenantStatus, Tx } from "@relay/db";
import { ServiceError } from "../errors.ts";

export interface UserWithMemberships {
  id: string;
  email: string;
  name: string | null;
  role: PlatformRole;
  memberships: Array<{
    role: MemberRole;
    tenant: {
      id: string;
      name: string;
      slug: string;
      status: TenantStatus;
      /** Set while an operator has the tenant suspended: shown to its members. */
      suspendedReason: string | null;
    };
  }>;
}

/** The signed-in person and the tenants they belong to, oldest membership first. */
export async function getUserWithMemberships({
  ctx,
  input,
}: {
  ctx: { db: Db | Tx };
  input: { userId: string };
}): Promise<UserWithMemberships> {
  const user = await ctx.db.user.findFirst({
    where: { id: input.userId, disabledAt: null },
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      memberships: {
        orderBy: { createdAt: "asc" },
        select: {
          role: true,
          tenant: {
            select: { id: true, name: true, slug: true, status: true, suspendedReason: true },
          },
        },
      },
    },
  });
  if (!user) throw new ServiceError("NOT_FOUND", "No such user");
  return user;
}
