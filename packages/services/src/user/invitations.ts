import { createHash, randomBytes } from "node:crypto";
import { type Db, inTransaction, type MemberRole, type Tx } from "@relay/db";
import { z } from "zod";
import { writeAudit } from "../audit.ts";
import type { ServiceContext } from "../context.ts";
import { ServiceError } from "../errors.ts";
import { sendEmail } from "../mail/send.ts";
import type { MailSettings } from "../mail/settings.ts";

export const INVITATION_DAYS = 7;

export const createInvitationInput = z.object({
  tenantId: z.uuid(),
  email: z.email().trim().toLowerCase(),
  role: z.enum(["ADMIN", "DEVELOPER"]).default("DEVELOPER"),
});

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** What became of the invitation email: accepted by the SMTP server, kept in the outbox only, or refused. */
export type InvitationDelivery = "sent" | "outbox" | "failed";

export const INVITATION_EMAIL_KIND = "invitation";

/**
 * An invitation link's token: random, returned this once, stored only as its hash (like API keys),
 * so a read of the table cannot be turned into working links. Given the console's public URL, the
 * link is also emailed to the invited address, after the invitation is committed.
 */
export async function createInvitation({
  ctx,
  input,
  consoleUrl,
  mail,
  now = new Date(),
}: {
  ctx: ServiceContext;
  input: z.output<typeof createInvitationInput>;
  /** e.g. https://console.example.com; no email without it (the CLI prints the link instead). */
  consoleUrl?: string;
  /** The app's SMTP_URL and MAIL_FROM. */
  mail: MailSettings;
  now?: Date;
}): Promise<{ id: string; token: string; expiresAt: Date; delivery?: InvitationDelivery }> {
  const token = randomBytes(32).toString("base64url");
  const created = await inTransaction(ctx.db, async (tx) => {
    // Yourself included: someone already in the workspace has nothing to accept.
    const member = await tx.membership.findFirst({
      where: { tenantId: input.tenantId, user: { email: input.email } },
      select: { userId: true },
    });
    if (member) {
      throw new ServiceError("CONFLICT", `${input.email} is already a member of this workspace`);
    }
    const invitation = await tx.invitation.create({
      data: {
        tenantId: input.tenantId,
        email: input.email,
        role: input.role,
        tokenHash: hashToken(token),
        invitedById: ctx.actor.userId ?? null,
        expiresAt: new Date(now.getTime() + INVITATION_DAYS * 86_400_000),
      },
      include: { tenant: { select: { name: true } } },
    });
    await writeAudit(tx, ctx.actor, {
      action: "invitation.create",
      targetType: "invitation",
      targetId: invitation.id,
      tenantId: input.tenantId,
      data: { email: input.email, role: input.role },
    });
    return invitation;
  });
  const result = { id: created.id, token, expiresAt: created.expiresAt };
  if (!consoleUrl) return result;
  const message = await sendEmail(
    ctx.db,
    {
      kind: INVITATION_EMAIL_KIND,
      to: input.email,
      tenantId: input.tenantId,
      ...invitationEmail({
        inviter: ctx.actor.label,
        workspace: created.tenant.name,
        role: input.role,
        link: invitationLink(consoleUrl, token),
        expiresAt: created.expiresAt,
      }),
    },
    mail,
  );
  const delivery: InvitationDelivery =
    message.transport === "outbox" ? "outbox" : message.sentAt ? "sent" : "failed";
  return { ...result, delivery };
}

export function invitationLink(consoleUrl: string, token: string): string {
  return `${consoleUrl.replace(/\/$/, "")}/invite/${token}`;
}

/** The invitation in English and Chinese. */
export function invitationEmail(invite: {
  inviter: string;
  workspace: string;
  role: "ADMIN" | "DEVELOPER";
  link: string;
  expiresAt: Date;
}): { subject: string; text: string } {
  const expires = `${invite.expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC`;
  const roleEn = invite.role === "ADMIN" ? "an admin" : "a developer";
  const roleZh = invite.role === "ADMIN" ? "管理员" : "开发者";
  return {
    subject: `${invite.inviter} invited you to ${invite.workspace} on Relay / ${invite.inviter} 邀请你加入 Relay 上的 ${invite.workspace}`,
    text: [
      `${invite.inviter} invited you to join the workspace "${invite.workspace}" on Relay as ${roleEn}.`,
      `Accept the invitation: ${invite.link}`,
      `The link works once and expires on ${expires}. If you did not expect this email, you can ignore it.`,
      "",
      `${invite.inviter} 邀请你以${roleZh}身份加入 Relay 上的工作区“${invite.workspace}”。`,
      `接受邀请：${invite.link}`,
      `该链接只能使用一次，将于 ${expires} 过期。如果你并未期待这封邮件，可以忽略它。`,
      "",
    ].join("\n"),
  };
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
    where: {
      tenantId: input.tenantId,
      acceptedAt: null,
      revokedAt: null,
      expiresAt: { gt: now },
    },
    select: { id: true, email: true, role: true, expiresAt: true, createdAt: true },
    orderBy: { createdAt: "desc" },
  });
}

/**
 * Withdraws a pending invitation: its link stops working at once. Scoped by tenant, so another
 * tenant's invitation id is NOT_FOUND; revoking twice is a no-op, an accepted one a CONFLICT.
 */
export async function revokeInvitation({
  ctx,
  input,
  now = new Date(),
}: {
  ctx: ServiceContext;
  input: { tenantId: string; invitationId: string };
  now?: Date;
}): Promise<{ id: string; email: string; revokedAt: Date }> {
  return inTransaction(ctx.db, async (tx) => {
    // Locked, so a revoke and an accept of the same link serialise: one of them wins, cleanly.
    const [locked] = await tx.$queryRaw<Array<{ id: string }>>`
      SELECT id FROM invitations
      WHERE id = ${input.invitationId}::uuid AND tenant_id = ${input.tenantId}::uuid FOR UPDATE`;
    const found = locked ? await tx.invitation.findUnique({ where: { id: locked.id } }) : null;
    if (!found) throw new ServiceError("NOT_FOUND", "No such invitation");
    if (found.acceptedAt) {
      throw new ServiceError("CONFLICT", "This invitation was already accepted");
    }
    if (found.revokedAt) return { id: found.id, email: found.email, revokedAt: found.revokedAt };
    const revoked = await tx.invitation.update({
      where: { id: found.id },
      data: { revokedAt: now },
    });
    await writeAudit(tx, ctx.actor, {
      action: "invitation.revoke",
      targetType: "invitation",
      targetId: found.id,
      tenantId: input.tenantId,
      data: { email: found.email, role: found.role },
    });
    return { id: revoked.id, email: revoked.email, revokedAt: now };
  });
}

/**
 * The signed-in user takes the invitation: they become a member with the invited role. A link
 * works once; expired, used and revoked links are refused with a code the page can explain.
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
    if (found.revokedAt) throw new ServiceError("CONFLICT", "This invitation was revoked");
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

/** What an invitation link's page shows before anyone accepts it. */
export interface InvitationPreview {
  email: string;
  role: MemberRole;
  workspace: string;
  /** The inviter's name, else their email; null when their account is gone. */
  inviter: string | null;
  state: "pending" | "used" | "revoked" | "expired";
}

/** The invitation behind a link, for its page; null for a link that is not one. */
export async function previewInvitation({
  ctx,
  input,
  now = new Date(),
}: {
  ctx: { db: Db | Tx };
  input: { token: string };
  now?: Date;
}): Promise<InvitationPreview | null> {
  const found = await ctx.db.invitation.findUnique({
    where: { tokenHash: hashToken(input.token) },
    include: { tenant: { select: { name: true } } },
  });
  if (!found) return null;
  const inviter = found.invitedById
    ? await ctx.db.user.findUnique({
        where: { id: found.invitedById },
        select: { name: true, email: true },
      })
    : null;
  return {
    email: found.email,
    role: found.role,
    workspace: found.tenant.name,
    inviter: inviter ? inviter.name || inviter.email : null,
    state: found.acceptedAt
      ? "used"
      : found.revokedAt
        ? "revoked"
        : found.expiresAt <= now
          ? "expired"
          : "pending",
  };
}
