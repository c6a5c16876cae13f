import { getDb } from "@relay/db";
import { afterAll, describe, expect, it } from "vitest";
import type { ServiceContext } from "../context.ts";
import { verifyPassword } from "./password.ts";
import { signUp, signUpInput } from "./sign-up.ts";

const db = getDb();
const ctx: ServiceContext = { db, actor: { label: "sign-up" } };

afterAll(() => db.$disconnect());

describe("signUp", () => {
  it("creates the user, a tenant with no credit and an OWNER membership, audited", async () => {
    const input = signUpInput.parse({
      name: "Ada Lovelace",
      email: "  Ada@Example.com ",
      password: "correct horse",
      company: "Analytical Engines",
    });
    const { user, tenant, role } = await signUp({ ctx, input });

    expect(user.email).toBe("ada@example.com");
    expect(user.role).toBe("USER");
    expect(role).toBe("OWNER");
    expect(tenant).toMatchObject({ name: "Analytical Engines", slug: "analytical-engines" });
    expect(tenant.balance).toBe(0n);
    expect(await db.ledgerEntry.count({ where: { tenantId: tenant.id } })).toBe(0);

    const stored = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.passwordHash).not.toContain("correct horse");
    expect(await verifyPassword("correct horse", stored.passwordHash ?? "")).toBe(true);
    expect(
      await db.membership.findUnique({
        where: { tenantId_userId: { tenantId: tenant.id, userId: user.id } },
      }),
    ).toMatchObject({ role: "OWNER" });
    const audit = await db.auditLog.findMany({ where: { tenantId: tenant.id } });
    expect(audit.map((a) => [a.action, a.actorId])).toEqual(
      expect.arrayContaining([
        ["tenant.create", user.id],
        ["user.sign_up", user.id],
      ]),
    );
  });

  it("refuses a taken email (any case) and leaves no tenant behind", async () => {
    const first = signUpInput.parse({
      name: "Twin",
      email: "twin@example.com",
      password: "12345678",
    });
    await signUp({ ctx, input: first });
    const tenantsBefore = await db.tenant.count();
    const again = signUpInput.parse({
      name: "Other",
      email: "TWIN@example.com",
      password: "abcdefgh",
    });
    await expect(signUp({ ctx, input: again })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await db.tenant.count()).toBe(tenantsBefore);
  });

  it("gives a second tenant of the same name its own slug", async () => {
    const a = await signUp({
      ctx,
      input: signUpInput.parse({
        name: "Same Name",
        email: "same1@example.com",
        password: "password1",
      }),
    });
    const b = await signUp({
      ctx,
      input: signUpInput.parse({
        name: "Same Name",
        email: "same2@example.com",
        password: "password2",
      }),
    });
    expect(a.tenant.slug).toBe("same-name");
    expect(b.tenant.slug).toMatch(/^same-name-[0-9a-f]{8}$/);
  });

  it("rejects a short password and a malformed email before touching the database", () => {
    const short = signUpInput.safeParse({ name: "x", email: "x@example.com", password: "short" });
    expect(short.success).toBe(false);
    expect(short.error?.issues[0]?.path).toEqual(["password"]);
    const bad = signUpInput.safeParse({ name: "x", email: "not-an-email", password: "longenough" });
    expect(bad.error?.issues[0]?.path).toEqual(["email"]);
  });
});
