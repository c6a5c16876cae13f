// The account's own security: a password reset ends sessions signed in before it, only an
// operator sets "require two-factor for operators" (audited), and with it on an operator without
// two-factor is sent to set it up.
import { afterAll, describe, expect, it } from "vitest";
import { stillValid } from "./auth/session-validity.ts";
import { mustEnrollTwoFactor } from "./auth/two-factor/operator-required.ts";
import { callerFor, codeOf, db, person } from "./testing.ts";

afterAll(async () => {
  await db.setting.deleteMany({ where: { key: "operator_two_factor" } });
  await db.$disconnect();
});

describe("sessions after a password reset", () => {
  it("ends the ones signed in before it and keeps the ones after", async () => {
    const who = await person("sessions@account-security.example");
    const sub = who.session.user.id;
    const before = Date.now() - 1000;
    expect(await stillValid(db, { sub, signedInAt: before })).toBe(true);
    await db.user.update({ where: { id: sub }, data: { sessionsValidFrom: new Date() } });
    expect(await stillValid(db, { sub, signedInAt: before })).toBe(false);
    // A token from before the stamp existed cannot prove it is newer.
    expect(await stillValid(db, { sub })).toBe(false);
    expect(await stillValid(db, { sub, signedInAt: Date.now() + 1000 })).toBe(true);
  });
});

describe("require two-factor for operators", () => {
  it("is the operator's to set, audited, and sends an operator without two-factor to enroll", async () => {
    const dev = await person("dev@account-security.example");
    const op = await person("op@account-security.example");
    await db.user.update({ where: { id: op.session.user.id }, data: { role: "OPERATOR" } });
    const operator = { user: { ...op.session.user, role: "OPERATOR" as const } };

    expect(
      await codeOf(callerFor(dev.session).operatorSecurity.set({ requireTwoFactor: true })),
    ).toBe("FORBIDDEN");
    expect(await mustEnrollTwoFactor(op.session.user.id)).toBe(false);

    expect(await callerFor(operator).operatorSecurity.set({ requireTwoFactor: true })).toEqual({
      requireTwoFactor: true,
    });
    expect(
      await db.auditLog.count({
        where: { action: "settings.operator_two_factor", actorId: op.session.user.id },
      }),
    ).toBe(1);
    expect(await mustEnrollTwoFactor(op.session.user.id)).toBe(true);
    await db.user.update({
      where: { id: op.session.user.id },
      data: { totpEnabledAt: new Date() },
    });
    expect(await mustEnrollTwoFactor(op.session.user.id)).toBe(false);
    await callerFor(operator).operatorSecurity.set({ requireTwoFactor: false });
  });
});
