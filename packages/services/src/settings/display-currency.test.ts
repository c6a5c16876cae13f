import { getDb } from "@relay/db";
import { afterAll, describe, expect, it } from "vitest";
import type { ServiceContext } from "../context.ts";
import {
  DISPLAY_CURRENCY_SETTING,
  getDisplayCurrency,
  ppmFromFenRate,
  setDisplayCurrency,
} from "./display-currency.ts";

const db = getDb();
const ctx: ServiceContext = { db, actor: { label: "test-operator" } };

afterAll(async () => {
  await db.setting.deleteMany({ where: { key: DISPLAY_CURRENCY_SETTING } });
  await db.$disconnect();
});

describe("display currency", () => {
  it("converts the payments' fen rate to CNY per USD", () => {
    // 1 fen buys 1,380 micro-dollars: $1 is 724.6 fen, 7.246377 CNY.
    expect(ppmFromFenRate(1_380n)).toBe(7_246_377n);
    expect(ppmFromFenRate(0n)).toBeNull();
  });

  it("USD with no rate until the operator sets one; the change is audited", async () => {
    await db.setting.deleteMany({ where: { key: DISPLAY_CURRENCY_SETTING } });
    const initial = await getDisplayCurrency({ ctx });
    expect(initial).toMatchObject({ configured: false, currency: "USD", cnyPerUsdPpm: null });

    const saved = await setDisplayCurrency({
      ctx,
      input: { currency: "CNY", cnyPerUsdPpm: 7_200_000n },
    });
    expect(saved).toEqual({
      configured: true,
      currency: "CNY",
      cnyPerUsdPpm: 7_200_000n,
      effectivePpm: 7_200_000n,
    });
    const audit = await db.auditLog.findFirstOrThrow({
      where: { action: "settings.display_currency" },
      orderBy: { id: "desc" },
    });
    expect(audit.data).toMatchObject({ after: { currency: "CNY", cnyPerUsdPpm: "7200000" } });
  });
});
