// Sign-up must not tell a visitor whether an email already has an account: the same answer for a
// new and a taken address, no change to the existing account, and a notice to its owner instead.
import { getDb } from "@relay/db";
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_MAIL_FROM } from "../mail/settings.ts";
import { verifyPassword } from "./password.ts";
import { signUpInput } from "./sign-up.ts";
import { requestSignUp, SIGN_UP_ATTEMPT_KIND } from "./sign-up-request.ts";

const db = getDb();
const mail = { from: DEFAULT_MAIL_FROM };
const consoleUrl = "https://console.relay.example";

afterAll(() => db.$disconnect());

function request(email: string, password: string, now = new Date()) {
  return requestSignUp({
    ctx: { db, actor: { label: email } },
    input: signUpInput.parse({ name: "Visitor", email, password, company: "Probe Co" }),
    consoleUrl,
    mail,
    now,
  });
}

describe("requestSignUp", () => {
  it("answers a taken email exactly like a new one, and tells the owner instead", async () => {
    const fresh = await request("Fresh@Enumerate.example", "first password");
    const owner = await db.user.findUniqueOrThrow({ where: { email: "fresh@enumerate.example" } });
    const tenantsBefore = await db.tenant.count();

    const taken = await request("fresh@enumerate.example", "attacker password");

    expect(fresh).toEqual({ email: "fresh@enumerate.example" });
    expect(taken).toEqual(fresh);
    // Nothing about the account changed: same password, no second tenant or membership.
    const after = await db.user.findUniqueOrThrow({ where: { id: owner.id } });
    expect(after.passwordHash).toBe(owner.passwordHash);
    expect(await verifyPassword("first password", after.passwordHash ?? "")).toBe(true);
    expect(await db.tenant.count()).toBe(tenantsBefore);
    expect(await db.membership.count({ where: { userId: owner.id } })).toBe(1);

    const notices = await db.emailMessage.findMany({
      where: { kind: SIGN_UP_ATTEMPT_KIND, to: "fresh@enumerate.example" },
    });
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({
      transport: "outbox",
      tenantId: null,
      subject: "Someone tried to sign up to Relay with your email / 有人尝试用你的邮箱注册 Relay",
    });
    expect(notices[0]?.text).toContain(
      "If it was you, sign in instead: https://console.relay.example/sign-in",
    );
    expect(notices[0]?.text).not.toContain("attacker password");
  });

  it("a new email gets no notice, and repeated tries send the owner one notice an hour", async () => {
    const start = new Date();
    await request("often@enumerate.example", "first password", start);
    // The new address gets its verification link, and nothing else.
    expect(
      await db.emailMessage.groupBy({
        by: ["kind"],
        where: { to: "often@enumerate.example" },
        _count: true,
      }),
    ).toEqual([{ kind: "email_verification", _count: 1 }]);
    const notices = { to: "often@enumerate.example", kind: SIGN_UP_ATTEMPT_KIND };
    expect(await db.emailMessage.count({ where: notices })).toBe(0);

    for (let i = 0; i < 5; i++) await request("often@enumerate.example", `another try ${i}`, start);
    expect(await db.emailMessage.count({ where: notices })).toBe(1);

    await request(
      "often@enumerate.example",
      "a later try",
      new Date(start.getTime() + 61 * 60_000),
    );
    expect(await db.emailMessage.count({ where: notices })).toBe(2);
  });
});
