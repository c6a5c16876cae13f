// The public sign-up procedure must not reveal which emails have accounts: a taken address gets
// the answer a new one gets (not CONFLICT), its account is untouched and its owner is emailed.
import { afterAll, describe, expect, it } from "vitest";
import { callerFor, db, person } from "./testing.ts";

afterAll(() => db.$disconnect());

describe("account.signUp", () => {
  it("answers a taken email exactly as a new one", async () => {
    const owner = await person("taken@sign-up-sec.example");
    const visitor = callerFor(null);

    const fresh = await visitor.account.signUp({
      name: "New Person",
      email: "new@sign-up-sec.example",
      password: "long enough",
    });
    const taken = await visitor.account.signUp({
      name: "Prober",
      email: "Taken@Sign-Up-Sec.example",
      password: "long enough",
      company: "Probe Co",
    });

    expect(fresh).toEqual({ email: "new@sign-up-sec.example" });
    expect(taken).toEqual({ email: "taken@sign-up-sec.example" });
    expect(Object.keys(taken)).toEqual(Object.keys(fresh));

    expect(await db.membership.count({ where: { userId: owner.session.user.id } })).toBe(1);
    expect(await db.tenant.count({ where: { name: "Probe Co" } })).toBe(0);
    const notice = await db.emailMessage.findFirstOrThrow({
      where: { to: "taken@sign-up-sec.example" },
    });
    expect(notice.kind).toBe("sign_up_attempt");
    expect(notice.text).toContain("http://localhost:3000/sign-in");
    // The new address only gets its verification link.
    const toNew = await db.emailMessage.findMany({ where: { to: "new@sign-up-sec.example" } });
    expect(toNew.map((message) => message.kind)).toEqual(["email_verification"]);
  });
});
