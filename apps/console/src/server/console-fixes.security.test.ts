import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerFor, codeOf, db, person } from "./testing.ts";

afterAll(() => db.$disconnect());

let owner: Awaited<ReturnType<typeof person>>;
let stranger: Awaited<ReturnType<typeof person>>;

beforeAll(async () => {
  owner = await person(`fixes-owner-${crypto.randomUUID()}@example.com`);
  stranger = await person(`fixes-stranger-${crypto.randomUUID()}@example.com`);
});

describe("the day-grouped balance history", () => {
  it("another tenant's history and calls read as NOT_FOUND", async () => {
    const caller = callerFor(stranger.session);
    const tenantId = owner.tenant.id;
    expect(await codeOf(caller.billing.ledgerDays({ tenantId }))).toBe("NOT_FOUND");
    expect(await codeOf(caller.billing.usageDay({ tenantId, day: "2026-11-01" }))).toBe(
      "NOT_FOUND",
    );
    expect(await codeOf(callerFor(null).billing.ledgerDays({ tenantId }))).toBe("UNAUTHORIZED");
  });
});

describe("the display currency", () => {
  it("only an operator reads or sets it", async () => {
    const caller = callerFor(owner.session);
    expect(await codeOf(caller.operatorPayments.displayCurrency())).toBe("FORBIDDEN");
    expect(
      await codeOf(
        caller.operatorPayments.saveDisplayCurrency({ currency: "CNY", cnyPerUsdPpm: 1n }),
      ),
    ).toBe("FORBIDDEN");
  });
});

describe("a tenant's slug at creation", () => {
  it("is refused when malformed, nothing created", async () => {
    await db.user.update({ where: { id: stranger.session.user.id }, data: { role: "OPERATOR" } });
    const operator = callerFor({ user: { ...stranger.session.user, role: "OPERATOR" as const } });
    expect(await codeOf(operator.operatorTenants.create({ name: "Bad", slug: "Bad Slug" }))).toBe(
      "BAD_REQUEST",
    );
    const made = await operator.operatorTenants.create({
      name: "Chosen",
      slug: `chosen-${Date.now()}`,
    });
    expect(made.slug).toMatch(/^chosen-\d+$/);
  });
});
