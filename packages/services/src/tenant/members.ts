import { type Db, inTransaction, type MemberRole, type Tx } from "@relay/db";
import { z } from "zod";
import { writeAudit } from "../audit.ts";
import type { ServiceContext } from "../context.ts";
import { ServiceError } from "../errors.ts";

export interface Member {
  userId: string;
  email: string;
  name: string | null;
  role: MemberRole;
  createdAt: Date;
}

/** A tenant's members, owners first. */
export async function listMembers({
  ctx,
  input,
}: {
  ctx: { db: Db | Tx };
  input: { tenantId: string };
}): Promise<Member[]> {
  const rows = await ctx.db.membership.findMany({
    where: { tenantId: input.tenantId },
    include: { user: { select: { email: true, name: true } } },
    orderBy: [{ createdAt: "asc" }],
  });
  const rank: Record<MemberRole, number> = { OWNER: 0, ADMIN: 1, DEVELOPER: 2 };
  return rows
    .map((row) => ({
      userId: row.userId,
      email: row.user.email,
      name: row.user.name,
      role: row.role,
      createdAt: row.createdAt,
    }))
    .sort((a, b) => rank[a.role] - rank[b.role]);
}

export const changeMemberRoleInput = z.object({
  tenantId: z.uuid(),
  userId: z.uuid(),
  role: z.enum(["OWNER", "ADMIN", "DEVELOPER"]),
});

/** The tenant always keeps an owner: the last one can be neither demoted nor removed. */
async function lockOwners(tx: Tx, tenantId: string): Promise<number> {
  // Row locks on the owners serialise two owners demoting each other at the same time.
  const owners = await tx.$queryRaw<Array<{ user_id: string }>>`
    SELECT user_id FROM memberships WHERE tenant_id = ${tenantId}::uuid AND role = 'OWNER' FOR UPDATE`;
  return owners.length;
}

export async function changeMemberRole({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: z.output<typeof changeMemberRoleInput>;
}): Promise<Member> {
  return inTransaction(ctx.db, async (tx) => {
    const owners = await lockOwners(tx, input.tenantId);
    const found = await tx.membership.findUnique({
      where: { tenantId_userId: { tenantId: input.tenantId, userId: input.userId } },
    });
    if (!found) throw new ServiceError("NOT_FOUND", "No such member");
    if (found.role === "OWNER" && input.role !== "OWNER" && owners <= 1) {
      throw new ServiceError("CONFLICT", "A workspace needs at least one owner");
    }
    const updated = await tx.membership.update({
      where: { tenantId_userId: { tenantId: input.tenantId, userId: input.userId } },
      data: { role: input.role },
      include: { user: { select: { email: true, name: true } } },
    });
    await writeAudit(tx, ctx.actor, {
      action: "member.role",
      targetType: "user",
      targetId: input.userId,
      tenantId: input.tenantId,
      data: { from: found.role, to: input.role },
    });
    return {
      userId: updated.userId,
      email: updated.user.email,
      name: updated.user.name,
      role: updated.role,
      createdAt: updated.createdAt,
    };
  });
}

export async function removeMember({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { tenantId: string; userId: string };
}): Promise<{ userId: string }> {
  return inTransaction(ctx.db, async (tx) => {
    const owners = await lockOwners(tx, input.tenantId);
    const found = await tx.membership.findUnique({
      where: { tenantId_userId: { tenantId: input.tenantId, userId: input.userId } },
    });
    if (!found) throw new ServiceError("NOT_FOUND", "No such member");
    if (found.role === "OWNER" && owners <= 1) {
      throw new ServiceError("CONFLICT", "A workspace needs at least one owner");
    }
    await tx.membership.delete({
      where: { tenantId_userId: { tenantId: input.tenantId, userId: input.userId } },
    });
    await writeAudit(tx, ctx.actor, {
      action: "member.remove",
      targetType: "user",
      targetId: input.userId,
      tenantId: input.tenantId,
      data: { role: found.role },
    });
    return { userId: input.userId };
  });
}
