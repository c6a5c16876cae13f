import { getDb } from "@relay/db";
import { afterAll, describe, expect, it } from "vitest";
import type { ServiceContext } from "../context.ts";
import { oauthSignIn, oauthSignInInput } from "./oauth-sign-in.ts";
import { signUp, signUpInput } from "./sign-up.ts";

const db = getDb();
const ctx: ServiceContext = { db, actor: { label: "oauth" } };

afterAll(() => db.$disconnect());

const github = (email: string, extra: { name?: string | null; emailVerified?: boolean } = {}) =>
  oauthSignInInput.parse({ provider: "github", email, emailVerified: true, ...extra });

describe("oauthSignIn", () => {
  it("a new verified email gets a user without a password, an owned tenant and an audit row", async () => {
    const first = await oauthSignIn({
      ctx,
      input: github(" Grace@Example.COM ", { name: "Grace Hopper" }),
    });
    expect(first.created).toBe(true);
    expect(first.user).toMatchObject({
      email: "grace@example.com",
      name: "Grace Hopper",
      role: "USER",
    });
    const stored = await db.user.findUniqueOrThrow({
      where: { id: first.user.id },
      include: { memberships: { include: { tenant: true } } },
    });
    expect(stored.passwordHash).toBeNull();
    expect(stored.emailVerified).toBeInstanceOf(Date);
    expect(
      stored.memberships.map((m) => [m.role, m.tenant.name, m.tenant.slug, m.tenant.balance]),
    ).toEqual([["OWNER", "Grace Hopper", "grace-hopper", 0n]]);
    const tenantId = stored.memberships[0]?.tenantId;
    const audit = await db.auditLog.findMany({ where: { tenantId }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.action, a.actorId, a.actorLabel])).toEqual([
      ["tenant.create", first.user.id, "grace@example.com"],
      ["user.sign_up", first.user.id, "grace@example.com"],
    ]);
    expect(audit[1]?.data).toEqual({ email: "grace@example.com", via: "github" });

    // The second sign-in finds the same account and makes nothing new.
    const again = await oauthSignIn({ ctx, input: github("grace@example.com", { name: "G" }) });
    expect(again).toEqual({ user: first.user, created: false });
    expect(await db.membership.count({ where: { userId: first.user.id } })).toBe(1);
  });

  it("signs in an account made with a password, without touching it", async () => {
    const { user, tenant } = await signUp({
      ctx,
      input: signUpInput.parse({
        name: "Linus",
        email: "linus@example.com",
        password: "password123",
      }),
    });
    const signedIn = await oauthSignIn({
      ctx,
      input: github("LINUS@example.com", { name: "Other" }),
    });
    expect(signedIn).toEqual({ user, created: false });
    expect(await db.tenant.count({ where: { members: { some: { userId: user.id } } } })).toBe(1);
    expect((await db.tenant.findUniqueOrThrow({ where: { id: tenant.id } })).name).toBe("Linus");
  });

  it("no name: the address's local part names the user and the tenant", async () => {
    const { user } = await oauthSignIn({
      ctx,
      input: github("octocat@example.com", { name: null }),
    });
    expect(user.name).toBe("octocat");
    const membership = await db.membership.findFirstOrThrow({
      where: { userId: user.id },
      include: { tenant: true },
    });
    expect(membership.tenant.name).toBe("octocat");
  });

  it("an unverified email or a disabled account is refused, and nothing is created", async () => {
    await expect(
      oauthSignIn({ ctx, input: github("unverified@example.com", { emailVerified: false }) }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await db.user.count({ where: { email: "unverified@example.com" } })).toBe(0);

    const { user } = await oauthSignIn({ ctx, input: github("disabled@example.com") });
    await db.user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    await expect(oauthSignIn({ ctx, input: github("disabled@example.com") })).rejects.toMatchObject(
      {
        code: "FORBIDDEN",
      },
    );
    expect(
      oauthSignInInput.safeParse({ provider: "github", email: "nope", emailVerified: true })
        .success,
    ).toBe(false);
  });

  it("two first sign-ins at once make one account and both succeed", async () => {
    const [a, b] = await Promise.all([
      oauthSignIn({ ctx, input: github("race@example.com", { name: "Race" }) }),
      oauthSignIn({ ctx, input: github("race@example.com", { name: "Race" }) }),
    ]);
    expect(a.user.id).toBe(b.user.id);
    expect([a.created, b.created].filter(Boolean)).toHaveLength(1);
    expect(await db.membership.count({ where: { userId: a.user.id } })).toBe(1);
  });
});
