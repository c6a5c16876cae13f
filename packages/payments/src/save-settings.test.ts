// The operator's payment settings: what is stored is exactly what Checkout and the webhook read,
// every save has its audit row, and a setting that could not be honoured is refused whole.
import { getDb } from "@relay/db";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { creditFor } from "./conversion.ts";
import { PaymentsError } from "./errors.ts";
import { savePaymentSettings, savePaymentSettingsInput } from "./save-settings.ts";
import { paymentSettings } from "./settings.ts";

const db = getDb();
const actor = { label: "ops@example.com" };

afterEach(async () => {
  await db.setting.deleteMany({ where: { key: "payments" } });
  await db.auditLog.deleteMany({ where: { action: "settings.payments" } });
});
afterAll(() => db.$disconnect());

function save(input: Record<string, unknown>) {
  return savePaymentSettings({ ctx: { db, actor }, input: savePaymentSettingsInput.parse(input) });
}

async function stored() {
  return (await db.setting.findUniqueOrThrow({ where: { key: "payments" } })).value;
}

async function errorOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "OK";
  } catch (error) {
    if (error instanceof PaymentsError) return `${error.code}: ${error.message}`;
    throw error;
  }
}

describe("saving the payment settings", () => {
  it("stores CNY with its rate in micro-dollars per fen, and writes one audit row", async () => {
    const saved = await save({
      currency: " CNY ",
      minimumMinor: 1_000,
      presetsMinor: [10_000, 5_000, 1_000, 5_000],
      methods: ["wechat_pay", "card", "alipay"],
      usdPerUnit: "0.1380",
    });
    const value = {
      currency: "cny",
      minimumMinor: 1_000,
      presetsMinor: [1_000, 5_000, 10_000],
      methods: ["card", "alipay", "wechat_pay"],
      rates: { cny: "1380" },
    };
    expect(await stored()).toEqual(value);
    expect(saved).toEqual({ ...value, rates: { usd: 10_000n, cny: 1_380n } });
    // What Checkout and the webhook will read: 100.00 CNY credits $13.80.
    const settings = await paymentSettings(db);
    expect(creditFor(10_000n, settings.currency, settings.rates)).toBe(13_800_000n);

    const audit = await db.auditLog.findMany({ where: { action: "settings.payments" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorId: null,
      actorLabel: "ops@example.com",
      targetType: "setting",
      targetId: "payments",
      tenantId: null,
      data: { before: null, after: value },
    });
  });

  it("back to USD keeps the CNY rate for late refunds and never stores a USD rate", async () => {
    await save({
      currency: "cny",
      minimumMinor: 100,
      presetsMinor: [],
      methods: ["alipay"],
      usdPerUnit: "0.14",
    });
    await save({
      currency: "usd",
      minimumMinor: 500,
      presetsMinor: [2_000, 500],
      methods: ["card"],
      usdPerUnit: "3",
    });
    expect(await stored()).toEqual({
      currency: "usd",
      minimumMinor: 500,
      presetsMinor: [500, 2_000],
      methods: ["card"],
      rates: { cny: "1400" },
    });
    const audit = await db.auditLog.findMany({
      where: { action: "settings.payments" },
      orderBy: { id: "asc" },
    });
    expect(audit.map((row) => row.data)).toEqual([
      {
        before: null,
        after: {
          currency: "cny",
          minimumMinor: 100,
          presetsMinor: [],
          methods: ["alipay"],
          rates: { cny: "1400" },
        },
      },
      {
        before: {
          currency: "cny",
          minimumMinor: 100,
          presetsMinor: [],
          methods: ["alipay"],
          rates: { cny: "1400" },
        },
        after: {
          currency: "usd",
          minimumMinor: 500,
          presetsMinor: [500, 2_000],
          methods: ["card"],
          rates: { cny: "1400" },
        },
      },
    ]);
  });

  it("a zero-decimal currency's rate is per yen", async () => {
    await save({
      currency: "jpy",
      minimumMinor: 500,
      presetsMinor: [1_000],
      methods: ["card"],
      usdPerUnit: "0.0067",
    });
    expect(await stored()).toMatchObject({ rates: { jpy: "6700" } });
    const settings = await paymentSettings(db);
    expect(creditFor(1_000n, "jpy", settings.rates)).toBe(6_700_000n);
  });

  it.each([
    [
      { currency: "cny", minimumMinor: 100, presetsMinor: [], methods: ["card"] },
      "INVALID_SETTINGS: CNY needs a conversion rate: how many US dollars one CNY credits",
    ],
    [
      {
        currency: "cny",
        minimumMinor: 100,
        presetsMinor: [],
        methods: ["card"],
        usdPerUnit: "0.13805",
      },
      "INVALID_SETTINGS: The rate must be a positive number of US dollars with at most 4 decimals (one CNY minor unit must be a whole number of micro-dollars; CNY has 2 decimals)",
    ],
    [
      { currency: "usd", minimumMinor: 1_000, presetsMinor: [500, 800, 2_000], methods: ["card"] },
      "INVALID_SETTINGS: Every preset must be at least the minimum (1000 minor units); 500, 800 is below it",
    ],
  ])("refuses %j and stores nothing", async (input, message) => {
    expect(await errorOf(save(input))).toBe(message);
    expect(await db.setting.count({ where: { key: "payments" } })).toBe(0);
    expect(await db.auditLog.count({ where: { action: "settings.payments" } })).toBe(0);
  });

  it.each([
    { currency: "usd", minimumMinor: 500, presetsMinor: [], methods: [] },
    { currency: "us", minimumMinor: 500, presetsMinor: [], methods: ["card"] },
    { currency: "usd", minimumMinor: 0, presetsMinor: [], methods: ["card"] },
    { currency: "usd", minimumMinor: 500, presetsMinor: [100_000_001], methods: ["card"] },
    { currency: "usd", minimumMinor: 500, presetsMinor: [], methods: ["paypal"] },
  ])("the input schema refuses %j", (input) => {
    expect(savePaymentSettingsInput.safeParse(input).success).toBe(false);
  });
});
