// Invitation emails and revoking, and the operator's outbox: another tenant's invitation id reads
// as NOT_FOUND, a developer cannot revoke, a revoked link is refused with its own message, and
// the outbox is for operators only. Through createCaller on the real db (no SMTP_URL: the
// invitation email stays in the outbox).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "../env.ts";
import type { AppSession } from "./auth/session.ts";
import { callerFor, codeOf, db, join, type Person, person } from "./testing.ts";

afterAll(() => db.$disconnect());

let owner: Person;
let admin: Person;
let dev: Person;
let stranger: Person;
let operator: AppSession;

beforeAll(async () => {
  owner = await person("owner@mail-sec.example");
  admin = await person("admin@mail-sec.example");
  dev = await person("dev@mail-sec.example");
  stranger = await person("stranger@mail-sec.example");
  await join(admin.session.user.id, owner.tenant.id, "ADMIN");
  await join(dev.session.user.id, owner.tenant.id, "DEVELOPER");
  const op = await person("operator@mail-sec.example");
  await db.user.update({ where: { id: op.session.user.id }, data: { role: "OPERATOR" } });
  operator = { user: { ...op.session.user, role: "OPERATOR" } };
});

async function invite(by: Person, email: string) {
  return callerFor(by.session).settings.invite({ tenantId: owner.tenant.id, email });
}

describe("invitation emails and revoking", () => {
  it("an invitation emails its link, with the console's public URL", async () => {
    const created = await invite(admin, "Joiner@Mail-Sec.example");
    expect(created.delivery).toBe("outbox");
    const mail = await db.emailMessage.findFirstOrThrow({
      where: { tenantId: owner.tenant.id, to: "joiner@mail-sec.example" },
    });
    const link = `${env.RELAY_CONSOLE_PUBLIC_URL.replace(/\/$/, "")}/invite/${created.token}`;
    expect([mail.kind, mail.transport, mail.sentAt]).toEqual(["invitation", "outbox", null]);
    expect(mail.text.split("\n")[1]).toBe(`Accept the invitation: ${link}`);
  });

  it("another tenant's invitation id -> NOT_FOUND, through either tenant", async () => {
    const target = await invite(owner, "target@mail-sec.example");
    // The stranger owns a tenant of their own: the id is not found in it.
    expect(
      await codeOf(
        callerFor(stranger.session).settings.revokeInvitation({
          tenantId: stranger.tenant.id,
          invitationId: target.id,
        }),
      ),
    ).toBe("NOT_FOUND");
    // And they are no member of the owner's tenant.
    expect(
      await codeOf(
        callerFor(stranger.session).settings.revokeInvitation({
          tenantId: owner.tenant.id,
          invitationId: target.id,
        }),
      ),
    ).toBe("NOT_FOUND");
    expect(
      await codeOf(
        callerFor(null).settings.revokeInvitation({
          tenantId: owner.tenant.id,
          invitationId: target.id,
        }),
      ),
    ).toBe("UNAUTHORIZED");
    const stored = await db.invitation.findUniqueOrThrow({ where: { id: target.id } });
    expect(stored.revokedAt).toBeNull();
  });

  it("a developer cannot revoke -> FORBIDDEN", async () => {
    const target = await invite(owner, "dev-target@mail-sec.example");
    expect(
      await codeOf(
        callerFor(dev.session).settings.revokeInvitation({
          tenantId: owner.tenant.id,
          invitationId: target.id,
        }),
      ),
    ).toBe("FORBIDDEN");
    const stored = await db.invitation.findUniqueOrThrow({ where: { id: target.id } });
    expect(stored.revokedAt).toBeNull();
  });

  it("an admin revokes: the link is refused and the invitation leaves the pending list", async () => {
    const target = await invite(owner, "revoked@mail-sec.example");
    const revoked = await callerFor(admin.session).settings.revokeInvitation({
      tenantId: owner.tenant.id,
      invitationId: target.id,
    });
    expect(revoked.email).toBe("revoked@mail-sec.example");
    const pending = await callerFor(admin.session).settings.invitations({
      tenantId: owner.tenant.id,
    });
    expect(pending.map((i) => i.id)).not.toContain(target.id);

    const accept = callerFor(stranger.session).settings.acceptInvite({ token: target.token });
    await expect(accept).rejects.toMatchObject({
      code: "CONFLICT",
      message: "This invitation was revoked",
    });
    expect(
      await db.membership.count({
        where: { tenantId: owner.tenant.id, userId: stranger.session.user.id },
      }),
    ).toBe(0);
  });

  it("settings show when the last low-balance alert went out", async () => {
    const at = new Date("2026-11-20T08:00:00Z");
    await db.tenant.update({ where: { id: owner.tenant.id }, data: { lowBalanceAlertedAt: at } });
    const settings = await callerFor(dev.session).settings.get({ tenantId: owner.tenant.id });
    expect(settings.lowBalanceAlertedAt).toEqual(at);
  });
});

describe("the operator's outbox", () => {
  it("a non-operator gets FORBIDDEN, signed out UNAUTHORIZED", async () => {
    const any = await db.emailMessage.findFirstOrThrow();
    for (const who of [owner, admin, dev]) {
      expect(await codeOf(callerFor(who.session).operatorOutbox.list({}))).toBe("FORBIDDEN");
      expect(await codeOf(callerFor(who.session).operatorOutbox.get({ id: any.id }))).toBe(
        "FORBIDDEN",
      );
    }
    expect(await codeOf(callerFor(null).operatorOutbox.list({}))).toBe("UNAUTHORIZED");
  });

  it("an operator reads the list, newest first, and one message's text", async () => {
    const created = await invite(owner, "outbox-read@mail-sec.example");
    const page = await callerFor(operator).operatorOutbox.list({ limit: 100 });
    const row = page.items.find((m) => m.to === "outbox-read@mail-sec.example");
    expect(row).toMatchObject({
      kind: "invitation",
      transport: "outbox",
      sentAt: null,
      error: null,
      tenant: { id: owner.tenant.id, slug: owner.tenant.slug },
    });
    const times = page.items.map((m) => m.createdAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const message = await callerFor(operator).operatorOutbox.get({ id: row?.id ?? "" });
    expect(message.text).toContain(`/invite/${created.token}`);
    expect(
      await codeOf(
        callerFor(operator).operatorOutbox.get({ id: "00000000-0000-4000-8000-000000000000" }),
      ),
    ).toBe("NOT_FOUND");
  });
});
