import { getDb } from "@relay/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ServiceError } from "../errors.ts";
import { mailSettingsFrom } from "../mail/settings.ts";
import { type SmtpDouble, startSmtpDouble } from "../mail/testing.ts";
import {
  acceptInvitation,
  createInvitation,
  createInvitationInput,
  listInvitations,
  revokeInvitation,
} from "./invitations.ts";
import { signUp, signUpInput } from "./sign-up.ts";

const db = getDb();
let smtp: SmtpDouble;

beforeAll(async () => {
  smtp = await startSmtpDouble();
});

afterAll(async () => {
  await smtp.close();
  await db.$disconnect();
});

async function person(email: string, company?: string) {
  const { user, tenant } = await signUp({
    ctx: { db, actor: { label: "test" } },
    input: signUpInput.parse({
      name: email.split("@")[0],
      email,
      company,
      password: "password123",
    }),
  });
  return { user, tenant, ctx: { db, actor: { userId: user.id, label: user.email } } };
}

async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "OK";
  } catch (error) {
    if (error instanceof ServiceError) return `${error.code}: ${error.message}`;
    throw error;
  }
}

describe("invitations", () => {
  it("emails the link over SMTP, in English and Chinese", async () => {
    const owner = await person("owner@invite-mail.example", "Invite Labs");
    const now = new Date("2026-11-22T10:30:00Z");
    const invite = await createInvitation({
      ctx: owner.ctx,
      input: createInvitationInput.parse({
        tenantId: owner.tenant.id,
        email: "New.Person@Invite-Mail.example",
        role: "ADMIN",
      }),
      consoleUrl: "https://console.relay.example/",
      mail: mailSettingsFrom({ SMTP_URL: smtp.url }),
      now,
    });
    expect(invite.delivery).toBe("sent");
    const link = `https://console.relay.example/invite/${invite.token}`;
    const mail = smtp.received.find((m) => m.rcptTo.includes("new.person@invite-mail.example"));
    expect(mail?.rcptTo).toEqual(["new.person@invite-mail.example"]);
    expect(mail?.mailFrom).toBe("no-reply@relay.local");
    expect(mail?.subject).toBe(
      "owner@invite-mail.example invited you to Invite Labs on Relay / owner@invite-mail.example 邀请你加入 Relay 上的 Invite Labs",
    );
    expect(mail?.body).toContain(`Accept the invitation: ${link}`);
    const row = await db.emailMessage.findFirstOrThrow({
      where: { tenantId: owner.tenant.id, kind: "invitation" },
    });
    expect(row.text).toBe(
      [
        'owner@invite-mail.example invited you to join the workspace "Invite Labs" on Relay as an admin.',
        `Accept the invitation: ${link}`,
        "The link works once and expires on 2026-11-29 10:30 UTC. If you did not expect this email, you can ignore it.",
        "",
        "owner@invite-mail.example 邀请你以管理员身份加入 Relay 上的工作区“Invite Labs”。",
        `接受邀请：${link}`,
        "该链接只能使用一次，将于 2026-11-29 10:30 UTC 过期。如果你并未期待这封邮件，可以忽略它。",
        "",
      ].join("\n"),
    );
    expect([row.to, row.transport, row.error]).toEqual([
      "new.person@invite-mail.example",
      "smtp",
      null,
    ]);
  });

  it("without SMTP the email waits in the outbox; without a console URL none is written", async () => {
    const owner = await person("owner@invite-outbox.example");
    const input = createInvitationInput.parse({
      tenantId: owner.tenant.id,
      email: "x@invite-outbox.example",
    });
    const queued = await createInvitation({
      ctx: owner.ctx,
      input,
      consoleUrl: "http://localhost:3000",
      mail: mailSettingsFrom({}),
    });
    expect(queued.delivery).toBe("outbox");
    const silent = await createInvitation({ ctx: owner.ctx, input, mail: mailSettingsFrom({}) });
    expect(silent.delivery).toBeUndefined();
    const rows = await db.emailMessage.findMany({ where: { tenantId: owner.tenant.id } });
    expect(rows.map((r) => [r.to, r.transport, r.sentAt])).toEqual([
      ["x@invite-outbox.example", "outbox", null],
    ]);
    expect(rows[0]?.text).toContain(`http://localhost:3000/invite/${queued.token}`);
  });

  it("a revoked link no longer works and leaves the pending list", async () => {
    const owner = await person("owner@invite-revoke.example");
    const stranger = await person("stranger@invite-revoke.example");
    const invite = await createInvitation({
      ctx: owner.ctx,
      mail: mailSettingsFrom({}),
      input: createInvitationInput.parse({
        tenantId: owner.tenant.id,
        email: "stranger@invite-revoke.example",
      }),
    });
    const ids = async () =>
      (await listInvitations({ ctx: { db }, input: { tenantId: owner.tenant.id } })).map(
        (i) => i.id,
      );
    expect(await ids()).toEqual([invite.id]);

    // Another tenant cannot revoke it, even knowing its id.
    expect(
      await failure(
        revokeInvitation({
          ctx: stranger.ctx,
          input: { tenantId: stranger.tenant.id, invitationId: invite.id },
        }),
      ),
    ).toBe("NOT_FOUND: No such invitation");

    const revoked = await revokeInvitation({
      ctx: owner.ctx,
      input: { tenantId: owner.tenant.id, invitationId: invite.id },
    });
    expect(revoked.email).toBe("stranger@invite-revoke.example");
    // Twice is a no-op: the same time, one audit row.
    const again = await revokeInvitation({
      ctx: owner.ctx,
      input: { tenantId: owner.tenant.id, invitationId: invite.id },
    });
    expect(again.revokedAt).toEqual(revoked.revokedAt);
    expect(await ids()).toEqual([]);
    expect(
      await failure(acceptInvitation({ ctx: stranger.ctx, input: { token: invite.token } })),
    ).toBe("CONFLICT: This invitation was revoked");
    expect(
      await db.membership.count({
        where: { tenantId: owner.tenant.id, userId: stranger.user.id },
      }),
    ).toBe(0);
    const audit = await db.auditLog.findMany({
      where: { targetId: invite.id },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((a) => [a.action, a.actorLabel])).toEqual([
      ["invitation.create", "owner@invite-revoke.example"],
      ["invitation.revoke", "owner@invite-revoke.example"],
    ]);
  });

  it("an accepted invitation cannot be revoked", async () => {
    const owner = await person("owner@invite-accepted.example");
    const joiner = await person("joiner@invite-accepted.example");
    const invite = await createInvitation({
      ctx: owner.ctx,
      mail: mailSettingsFrom({}),
      input: createInvitationInput.parse({
        tenantId: owner.tenant.id,
        email: "joiner@invite-accepted.example",
      }),
    });
    await acceptInvitation({ ctx: joiner.ctx, input: { token: invite.token } });
    expect(
      await failure(
        revokeInvitation({
          ctx: owner.ctx,
          input: { tenantId: owner.tenant.id, invitationId: invite.id },
        }),
      ),
    ).toBe("CONFLICT: This invitation was already accepted");
  });
});
