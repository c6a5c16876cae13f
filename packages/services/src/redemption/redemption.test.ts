import { getBalance } from "@relay/billing";
import { getDb } from "@relay/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServiceContext } from "../context.ts";
import { ServiceError } from "../errors.ts";
import { createTenant, createTenantInput } from "../tenant/create.ts";
import { generateRedemptionCode, normalizeRedemptionCode } from "./code.ts";
import { disableCode } from "./disable.ts";
import { generateCodes, generateCodesInput } from "./generate.ts";
import { exportBatchCsv, listBatches, listCodes, listCodesInput } from "./list.ts";
import { REDEEM_FAILURE_LIMIT, REDEEM_FAILURE_WINDOW_MS, redeemCode } from "./redeem.ts";

const db = getDb();
const ctx: ServiceContext = { db, actor: { label: "test" } };
afterAll(() => db.$disconnect());

async function newUser(email: string) {
  return db.user.create({ data: { email } });
}

let tenantId: string;
let userId: string;

beforeAll(async () => {
  const tenant = await createTenant({ ctx, input: createTenantInput.parse({ name: "Redeemers" }) });
  tenantId = tenant.id;
  userId = (await newUser("redeemer@example.com")).id;
});

async function batch(amount: string, count: number, expiresAt?: Date) {
  return generateCodes({ ctx, input: generateCodesInput.parse({ amount, count, expiresAt }) });
}

async function errorOf(promise: Promise<unknown>): Promise<ServiceError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ServiceError) return error;
    throw error;
  }
  throw new Error("expected a ServiceError");
}

describe("redemption codes", () => {
  it("look like RELAY-XXXX-XXXX-XXXX-XXXX in base32 and do not repeat", () => {
    const codes = new Set(Array.from({ length: 2000 }, generateRedemptionCode));
    expect(codes.size).toBe(2000);
    for (const code of [...codes].slice(0, 50)) {
      expect(code).toMatch(/^RELAY-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}$/);
    }
    expect(normalizeRedemptionCode(" relay abcd-efgh ijkl mnop ")).toBe(
      "RELAY-ABCD-EFGH-IJKL-MNOP",
    );
  });

  it("generate a batch with its audit row; list, filter and export it", async () => {
    const made = await batch("2.50", 5);
    expect(made.codes).toHaveLength(5);
    const listed = await listCodes({
      ctx,
      input: listCodesInput.parse({ batchId: made.batchId, state: "ACTIVE" }),
    });
    expect(listed.rows.map((r) => r.code).sort()).toEqual([...made.codes].sort());
    expect(listed.rows.every((r) => r.amount === 2_500_000n)).toBe(true);
    const audit = await db.auditLog.findFirst({
      where: { action: "redemption.generate", targetId: made.batchId },
    });
    expect(audit?.data).toMatchObject({ amount: "2500000", count: 5 });
    const csv = await exportBatchCsv({ ctx, input: { batchId: made.batchId } });
    const lines = csv.trim().split("\n");
    expect(lines[0]).toBe("code,amount_usd,state,expires_at,redeemed_at");
    expect(lines).toHaveLength(6);
    expect(lines[1]).toMatch(/^RELAY-[A-Z2-7-]+,2\.500000,ACTIVE,,$/);
    const batches = await listBatches({ ctx });
    expect(batches.find((b) => b.batchId === made.batchId)).toMatchObject({ total: 5 });
  });

  it("refuse a batch over 1000 codes, a zero amount and a past expiry", async () => {
    expect(() => generateCodesInput.parse({ amount: "1", count: 1001 })).toThrow();
    expect((await errorOf(batch("0", 1))).code).toBe("INVALID_INPUT");
    expect((await errorOf(batch("1", 1, new Date(Date.now() - 1000)))).code).toBe("INVALID_INPUT");
  });

  it("10 concurrent redemptions of one code credit exactly once", async () => {
    const { codes } = await batch("3", 1);
    const code = codes[0] ?? "";
    const before = (await getBalance({ ctx: { db }, input: { tenantId } })).balance;
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () =>
        redeemCode({ ctx, input: { tenantId, userId, code: code.toLowerCase() } }),
      ),
    );
    const ok = results.filter((r) => r.status === "fulfilled");
    expect(ok).toHaveLength(1);
    for (const r of results) {
      if (r.status === "rejected") {
        expect(r.reason).toBeInstanceOf(ServiceError);
        expect((r.reason as ServiceError).message).toBe("This code has already been redeemed");
      }
    }
    const after = (await getBalance({ ctx: { db }, input: { tenantId } })).balance;
    expect(after - before).toBe(3_000_000n);
    const entries = await db.ledgerEntry.findMany({
      where: { tenantId, kind: "REDEMPTION", idempotencyKey: { startsWith: "redeem:" } },
    });
    expect(entries.filter((e) => e.amount === 3_000_000n)).toHaveLength(1);
    const row = await db.redemptionCode.findUniqueOrThrow({ where: { code } });
    expect(row).toMatchObject({ state: "REDEEMED", redeemedByTenantId: tenantId });
    expect(
      await db.auditLog.count({ where: { action: "redemption.redeem", targetId: row.id } }),
    ).toBe(1);
  });

  it("refuse disabled and expired codes with clear messages, crediting nothing", async () => {
    const disabled = await batch("1", 1);
    const disabledRow = await db.redemptionCode.findUniqueOrThrow({
      where: { code: disabled.codes[0] ?? "" },
    });
    await disableCode({ ctx, input: { codeId: disabledRow.id } });
    const before = (await getBalance({ ctx: { db }, input: { tenantId } })).balance;
    const user = (await newUser("disabled-tries@example.com")).id;
    const err = await errorOf(
      redeemCode({ ctx, input: { tenantId, userId: user, code: disabled.codes[0] ?? "" } }),
    );
    expect(err.message).toBe("This code has been disabled");

    const expiring = await batch("1", 1, new Date(Date.now() + 1500));
    await new Promise((resolve) => setTimeout(resolve, 1600));
    const expired = await errorOf(
      redeemCode({ ctx, input: { tenantId, userId: user, code: expiring.codes[0] ?? "" } }),
    );
    expect(expired.message).toBe("This code has expired");
    expect((await getBalance({ ctx: { db }, input: { tenantId } })).balance).toBe(before);
    // A redeemed code cannot be disabled after the fact.
    const used = await batch("1", 1);
    await redeemCode({ ctx, input: { tenantId, userId: user, code: used.codes[0] ?? "" } });
    const usedRow = await db.redemptionCode.findUniqueOrThrow({
      where: { code: used.codes[0] ?? "" },
    });
    expect((await errorOf(disableCode({ ctx, input: { codeId: usedRow.id } }))).code).toBe(
      "CONFLICT",
    );
  });

  it(`rate-limit a guesser after ${REDEEM_FAILURE_LIMIT} failures, even with a real code`, async () => {
    const guesser = (await newUser("guesser@example.com")).id;
    for (let i = 0; i < REDEEM_FAILURE_LIMIT; i++) {
      const err = await errorOf(
        redeemCode({ ctx, input: { tenantId, userId: guesser, code: generateRedemptionCode() } }),
      );
      expect(err.code).toBe("NOT_FOUND");
    }
    const real = await batch("1", 1);
    const err = await errorOf(
      redeemCode({ ctx, input: { tenantId, userId: guesser, code: real.codes[0] ?? "" } }),
    );
    expect(err.code).toBe("RATE_LIMITED");
    // Another user is not affected.
    const other = (await newUser("honest@example.com")).id;
    const ok = await redeemCode({
      ctx,
      input: { tenantId, userId: other, code: real.codes[0] ?? "" },
    });
    expect(ok.amount).toBe(1_000_000n);
  });

  it(`judge exactly ${REDEEM_FAILURE_LIMIT} of 60 parallel guesses; the rest wait out the window`, async () => {
    const guesser = (await newUser("parallel-guesser@example.com")).id;
    const results = await Promise.allSettled(
      Array.from({ length: 60 }, () =>
        redeemCode({ ctx, input: { tenantId, userId: guesser, code: generateRedemptionCode() } }),
      ),
    );
    const codes = results.map((r) =>
      r.status === "rejected" && r.reason instanceof ServiceError ? r.reason.code : "other",
    );
    expect(codes.filter((c) => c === "NOT_FOUND")).toHaveLength(REDEEM_FAILURE_LIMIT);
    expect(codes.filter((c) => c === "RATE_LIMITED")).toHaveLength(60 - REDEEM_FAILURE_LIMIT);
    expect(
      await db.auditLog.count({ where: { action: "redemption.failed", actorId: guesser } }),
    ).toBe(REDEEM_FAILURE_LIMIT);

    // A real code is refused too, until the failures are older than the window.
    const real = await batch("4", 1);
    const redeemReal = () =>
      redeemCode({ ctx, input: { tenantId, userId: guesser, code: real.codes[0] ?? "" } });
    const age = (ms: number) => db.$executeRaw`
      UPDATE audit_log SET created_at = created_at - ${`${ms} milliseconds`}::interval
       WHERE action = 'redemption.failed' AND actor_id = ${guesser}::uuid`;
    await age(REDEEM_FAILURE_WINDOW_MS - 60_000);
    expect((await errorOf(redeemReal())).code).toBe("RATE_LIMITED");
    await age(61_000);
    const before = (await getBalance({ ctx: { db }, input: { tenantId } })).balance;
    expect((await redeemReal()).amount).toBe(4_000_000n);
    expect((await getBalance({ ctx: { db }, input: { tenantId } })).balance - before).toBe(
      4_000_000n,
    );
  });
});
