import { createHash, randomBytes } from "node:crypto";
import { type Db, inTransaction, type MemberRole, type Tx } from "@relay/db";
import { z } from "zod";
import { writeAudit } from "../audit.ts";
import type { ServiceContext } from "../context.ts";
import { ServiceError } from "../errors.ts";

export const INVITATION_DAYS = 7;

export const createInvitationInput = z.object({
  tenantId: z.uuid(),
  email: z.email().trim().toLowerCase(),
  role: z.enum(["ADMIN", "DEVELOPER"]).default("DEVELOPER"),
});

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/**
 * An invitation link's token: random, returned this once, stored only as its hash (like API keys),
 * so a read of the table cannot be turned into working links.
 */
export async function createInvitation({
  ctx,
  input,
  now = new Date(),
}: {
  ctx: ServiceContext;
  input: z.output<typeof createInvitationInput>;
  now?: Date;
}): Promise<{ id: string; token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString("base64url");
  return inTransaction(ctx.db, async (tx) => {
    const invitation = await tx.invitation.create({
      data: {
        tenantId: input.tenantId,
        email: input.email,
        role: input.role,
        tokenHash: hashToken(token),
        invitedById: ctx.actor.userId ?? null,
        expiresAt: new Date(now.getTime() + INVITATION_DAYS * 86_400_000),
      },
    });
    await writeAudit(tx, ctx.actor, {
      action: "invitation.create",
      targetType: "invitation",
      targetId: invitation.id,
      tenantId: input.tenantId,
      data: { email: input.email, role: input.role },
    });
    return { id: invitation.id, token, expiresAt: invitation.expiresAt };
  });
}

export interface PendingInvitation {
  id: string;
  email: string;
  role: MemberRole;
  expiresAt: Date;
  createdAt: Date;
}

export async function listInvitations({
  ctx,
  input,
  now = new Date(),
}: {
  ctx: { db: Db | Tx };
  input: { tenantId: string };
  now?: Date;
}): Promise<PendingInvitation[]> {
  return ctx.db.invitation.findMany({
    where: { tenantId: input.tenantId, acceptedAt: null, expiresAt: { gt: now } },
    select: { id: true, email: true, role: true, expiresAt: true, createdAt: true },
    orderBy: { createdAt: "desc" },
  });
}

/**
 * The signed-in user takes the invitation: they become a member with the invited role. A link
 * works once; expired and used links are refused with a code the page can explain.
 */
export async function acceptInvitation({
  ctx,
  input,
  now = new Date(),
}: {
  ctx: ServiceContext & { actor: { userId: string } };
  input: { token: string };
  now?: Date;
}): Promise<{ tenantId: string; slug: string; role: MemberRole }> {
  return inTransaction(ctx.db, async (tx) => {
    const [invitation] = await tx.$queryRaw<Array<{ id: string }>>`
      SELECT id FROM invitations WHERE token_hash = ${hashToken(input.token)} FOR UPDATE`;
    const found = invitation
      ? await tx.invitation.findUnique({
          where: { id: invitation.id },
          include: { tenant: { select: { slug: true } } },
        })
      : null;
    if (!found) throw new ServiceError("NOT_FOUND", "This invitation link is not valid");
    if (found.acceptedAt) throw new ServiceError("CONFLICT", "This invitation was already used");
    if (found.expiresAt <= now) throw new ServiceError("CONFLICT", "This invitation has expired");

    const existing = await tx.membership.findUnique({
      where: { tenantId_userId: { tenantId: found.tenantId, userId: ctx.actor.userId } },
    });
    // Already a member: the link is spent, the existing role stays (never a downgrade).
    if (!existing) {
      await tx.membership.create({
        data: { tenantId: found.tenantId, userId: ctx.actor.userId, role: found.role },
      });
    }
    await tx.invitation.update({ where: { id: found.id }, data: { acceptedAt: now } });
    await writeAudit(tx, ctx.actor, {
      action: "invitation.accept",
      targetType: "invitation",
      targetId: found.id,
      tenantId: found.tenantId,
      data: { role: existing?.role ?? found.role },
    });
    return {
      tenantId: found.tenantId,
      slug: found.tenant.slug,
      role: existing?.role ?? found.role,
    };
  });
}
