// Password reset and email verification through their emailed links (the outbox, no SMTP), and a
// sign-up from a workspace invitation: what the person sees and what the database keeps.
import { getDb } from "@relay/db";
import { afterAll, describe, expect, it } from "vitest";
import { ServiceError } from "../errors.ts";
import { assertEmailVerified, verifyEmail } from "./email-verification.ts";
import { createInvitation } from "./invitations.ts";
import { requestPasswordReset, resetPassword } from "./password-reset.ts";
import { passwordSignIn } from "./sign-in.ts";
import { signUp, signUpInput } from "./sign-up.ts";
import { requestSignUp } from "./sign-up-request.ts";
import { hashUserToken } from "./tokens.ts";

const db = getDb();
const mail = { from: "relay@test" };
const consoleUrl = "https://console.test";

afterAll(() => db.$disconnect());

async function linkIn(to: string, kind: string, path: string): Promise<string> {
  const message = await db.emailMessage.findFirstOrThrow({
    where: { to, kind },
    orderBy: { createdAt: "desc" },
  });
  const token = message.text.split(`${consoleUrl}${path}`)[1]?.split(/\s/)[0];
  if (!token) throw new Error(`no link in ${message.text}`);
  return token;
}

async function code(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "resolved";
  } catch (error) {
    return error instanceof ServiceError ? error.code : String(error);
  }
}

describe("password reset", () => {
  it("emails a single-use link that sets the new password and ends older sessions", async () => {
    const email = "forgetful@account-links.example";
    await signUp({
      ctx: { db, actor: { label: "test" } },
      input: signUpInput.parse({ name: "Forgetful", email, password: "old-password" }),
    });
    const now = new Date();
    expect(
      await requestPasswordReset({ ctx: { db }, input: { email }, consoleUrl, mail, now }),
    ).toEqual({ email });
    const token = await linkIn(email, "password_reset", "/reset-password/");
    // Only the hash is kept.
    expect(await db.userToken.count({ where: { tokenHash: token } })).toBe(0);
    expect(await db.userToken.count({ where: { tokenHash: hashUserToken(token) } })).toBe(1);

    await resetPassword({ ctx: { db }, input: { token, password: "new-password" } });
    const user = await db.user.findUniqueOrThrow({ where: { email } });
    expect(user.sessionsValidFrom).not.toBeNull();
    const signIn = (password: string) =>
      passwordSignIn({ ctx: { db }, input: { email, password } }).then((r) => r.ok);
    expect(await signIn("old-password")).toBe(false);
    expect(await signIn("new-password")).toBe(true);
    // The link worked once.
    expect(
      await code(resetPassword({ ctx: { db }, input: { token, password: "third-password" } })),
    ).toBe("NOT_FOUND");
  });

  it("answers the same for an unknown address and sends nothing", async () => {
    const email = "nobody@account-links.example";
    expect(await requestPasswordReset({ ctx: { db }, input: { email }, consoleUrl, mail })).toEqual(
      { email },
    );
    expect(await db.emailMessage.count({ where: { to: email } })).toBe(0);
  });

  it("refuses an expired link and stops sending after five requests in the window", async () => {
    const email = "expired@account-links.example";
    await signUp({
      ctx: { db, actor: { label: "test" } },
      input: signUpInput.parse({ name: "Late", email, password: "old-password" }),
    });
    const then = new Date(Date.now() - 31 * 60_000);
    await requestPasswordReset({ ctx: { db }, input: { email }, consoleUrl, mail, now: then });
    const token = await linkIn(email, "password_reset", "/reset-password/");
    expect(
      await code(resetPassword({ ctx: { db }, input: { token, password: "new-password" } })),
    ).toBe("NOT_FOUND");
    for (let i = 0; i < 6; i++) {
      await requestPasswordReset({ ctx: { db }, input: { email }, consoleUrl, mail });
    }
    // One in the earlier window, five in this one.
    expect(await db.emailMessage.count({ where: { to: email, kind: "password_reset" } })).toBe(6);
  });
});

describe("email verification", () => {
  it("a password sign-up is unverified until its emailed link is followed", async () => {
    const email = "new@account-links.example";
    await requestSignUp({
      ctx: { db, actor: { label: email } },
      input: signUpInput.parse({ name: "New", email, password: "password123" }),
      consoleUrl,
      mail,
    });
    const user = await db.user.findUniqueOrThrow({ where: { email } });
    expect(await code(assertEmailVerified(db, user.id))).toBe("FORBIDDEN");
    const token = await linkIn(email, "email_verification", "/verify-email/");
    expect(await verifyEmail({ ctx: { db }, input: { token } })).toEqual({ email });
    expect(await code(assertEmailVerified(db, user.id))).toBe("resolved");
    expect(await code(verifyEmail({ ctx: { db }, input: { token } }))).toBe("NOT_FOUND");
  });
});

describe("sign-up from an invitation", () => {
  it("joins the inviting workspace with the invited role and makes no workspace of its own", async () => {
    const owner = await signUp({
      ctx: { db, actor: { label: "test" } },
      input: signUpInput.parse({
        name: "Owner",
        email: "owner@invite-signup.example",
        company: "Invite Signup Co",
        password: "password123",
      }),
    });
    const ownerCtx = { db, actor: { userId: owner.user.id, label: owner.user.email } };
    const { token } = await createInvitation({
      ctx: ownerCtx,
      input: { tenantId: owner.tenant.id, email: "joiner@invite-signup.example", role: "ADMIN" },
      mail,
    });
    const joined = await signUp({
      ctx: { db, actor: { label: "test" } },
      input: signUpInput.parse({
        name: "Joiner",
        email: "joiner@invite-signup.example",
        password: "password123",
        invite: token,
      }),
    });
    expect(joined.tenant.id).toBe(owner.tenant.id);
    const memberships = await db.membership.findMany({ where: { userId: joined.user.id } });
    expect(memberships.map((m) => [m.tenantId, m.role])).toEqual([[owner.tenant.id, "ADMIN"]]);
    // The invitation went to this address: it is verified.
    expect(await code(assertEmailVerified(db, joined.user.id))).toBe("resolved");

    // Inviting a member again (or yourself) is refused.
    for (const email of ["joiner@invite-signup.example", "owner@invite-signup.example"]) {
      expect(
        await code(
          createInvitation({
            ctx: ownerCtx,
            input: { tenantId: owner.tenant.id, email, role: "DEVELOPER" },
            mail,
          }),
        ),
      ).toBe("CONFLICT");
    }
  });

  it("a spent invitation makes no account", async () => {
    const owner = await signUp({
      ctx: { db, actor: { label: "test" } },
      input: signUpInput.parse({
        name: "Owner2",
        email: "owner2@invite-signup.example",
        password: "password123",
      }),
    });
    const { token } = await createInvitation({
      ctx: { db, actor: { userId: owner.user.id, label: owner.user.email } },
      input: { tenantId: owner.tenant.id, email: "a@invite-signup.example", role: "DEVELOPER" },
      mail,
    });
    const input = (email: string) =>
      signUpInput.parse({ name: "X", email, password: "password123", invite: token });
    await signUp({ ctx: { db, actor: { label: "t" } }, input: input("a@invite-signup.example") });
    expect(
      await code(
        signUp({ ctx: { db, actor: { label: "t" } }, input: input("b@invite-signup.example") }),
      ),
    ).toBe("INVALID_INPUT");
    expect(await db.user.count({ where: { email: "b@invite-signup.example" } })).toBe(0);
  });
});
