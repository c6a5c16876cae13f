// The function next-auth's GitHub callbacks call, against the real database; GitHub itself is
// replaced by a fake `fetch` answering /user/emails.
import { afterAll, describe, expect, it } from "vitest";
import { callerFor, db, person } from "../testing.ts";
import { githubProfileUser, userForGitHub, verifiedGitHubEmail } from "./github.ts";

afterAll(() => db.$disconnect());

function fakeGitHub(emails: unknown, status = 200): typeof fetch {
  return async (input, init) => {
    expect(String(input)).toBe("https://api.github.com/user/emails");
    expect(new Headers(init?.headers).get("authorization")).toBe("Bearer gho_token");
    return new Response(JSON.stringify(emails), { status });
  };
}

describe("verifiedGitHubEmail", () => {
  it.each([
    [
      "the primary email when verified",
      [
        { email: "other@example.com", primary: false, verified: true },
        { email: "main@example.com", primary: true, verified: true },
      ],
      "main@example.com",
    ],
    [
      "another verified email when the primary is not",
      [
        { email: "main@example.com", primary: true, verified: false },
        { email: "backup@example.com", primary: false, verified: true },
      ],
      "backup@example.com",
    ],
    [
      "nothing when none is verified",
      [{ email: "x@example.com", primary: true, verified: false }],
      null,
    ],
    ["nothing for an unexpected answer", { message: "Bad credentials" }, null],
  ])("%s", async (_, emails, expected) => {
    expect(await verifiedGitHubEmail("gho_token", fakeGitHub(emails))).toBe(expected);
  });

  it("nothing when GitHub refuses", async () => {
    expect(await verifiedGitHubEmail("gho_token", fakeGitHub([], 401))).toBeNull();
  });

  it("the profile next-auth sees carries the verified address and a name", async () => {
    const fetchImpl = fakeGitHub([{ email: "Octo@Example.com", primary: true, verified: true }]);
    expect(
      await githubProfileUser(
        {
          id: 42,
          login: "octocat",
          name: null,
          avatar_url: "https://a/x.png",
          email: "public@x.y",
        },
        "gho_token",
        fetchImpl,
      ),
    ).toEqual({ id: "42", name: "octocat", email: "Octo@Example.com", image: "https://a/x.png" });
  });
});

describe("userForGitHub", () => {
  it("a first sign-in with a new verified email creates the user and a tenant they own", async () => {
    const user = await userForGitHub(db, { email: "New.Dev@Example.com", name: "New Dev" });
    expect(user).toMatchObject({ email: "new.dev@example.com", name: "New Dev", role: "USER" });
    if (!user) throw new Error("no user");
    // They land in a console: me.get lists the tenant they own.
    const me = await callerFor({ user }).me.get();
    expect(me.memberships).toEqual([
      {
        role: "OWNER",
        tenant: expect.objectContaining({ name: "New Dev", slug: "new-dev", status: "ACTIVE" }),
      },
    ]);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toBeNull();

    // Signing in again is the same account, with nothing new made.
    expect(await userForGitHub(db, { email: "new.dev@example.com", name: "Renamed" })).toEqual(
      user,
    );
    expect(await db.membership.count({ where: { userId: user.id } })).toBe(1);
  });

  it("an existing password account signs in as itself", async () => {
    const existing = await person("has-password@example.com");
    expect(await userForGitHub(db, { email: "has-password@example.com", name: "X" })).toEqual(
      existing.session.user,
    );
  });

  it("no verified email, or a disabled account, refuses the sign-in", async () => {
    expect(await userForGitHub(db, { email: null, name: "No Email" })).toBeNull();
    expect(await userForGitHub(db, { email: "not an email", name: "Bad" })).toBeNull();
    const off = await person("disabled-gh@example.com");
    await db.user.update({ where: { id: off.session.user.id }, data: { disabledAt: new Date() } });
    expect(await userForGitHub(db, { email: "disabled-gh@example.com", name: "Off" })).toBeNull();
    expect(await db.user.count({ where: { email: "not an email" } })).toBe(0);
  });
});
