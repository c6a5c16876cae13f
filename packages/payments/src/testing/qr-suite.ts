// For the WeChat Pay and Alipay test files: their doubles started before the tests and closed
// after, the operator's CNY settings (1 CNY = 0.138 USD, so 1 fen credits 1,380 micro-dollars),
// a fresh tenant, and its balance checked against its ledger.
import { randomUUID } from "node:crypto";
import { ledgerTotal } from "@relay/billing";
import type { Db } from "@relay/db";
import { afterAll, beforeAll, expect } from "vitest";
import { savePaymentSettings } from "../save-settings.ts";
import { type AlipayDouble, startAlipayDouble } from "./alipay-double.ts";
import { startWechatPayDouble, type WechatPayDouble } from "./wechat-double.ts";

export const FEN_RATE = 1_380n;

export function useWechatPayDouble(): { double: WechatPayDouble } {
  const suite = {} as { double: WechatPayDouble };
  beforeAll(async () => {
    suite.double = await startWechatPayDouble();
  });
  afterAll(() => suite.double.close());
  return suite;
}

export function useAlipayDouble(): { double: AlipayDouble } {
  const suite = {} as { double: AlipayDouble };
  beforeAll(async () => {
    suite.double = await startAlipayDouble();
  });
  afterAll(() => suite.double.close());
  return suite;
}

/** CNY for this file's tests; the defaults again after them, for the files that follow. */
export function useCnySettings(db: Db): void {
  beforeAll(() =>
    savePaymentSettings({
      ctx: { db, actor: { label: "test" } },
      input: {
        currency: "cny",
        minimumMinor: 100,
        presetsMinor: [1_000, 5_000],
        methods: ["card"],
        usdPerUnit: "0.138",
      },
    }),
  );
  afterAll(async () => {
    await db.setting.deleteMany({ where: { key: "payments" } });
    await db.auditLog.deleteMany({ where: { action: "settings.payments" } });
  });
}

export async function newTenant(db: Db): Promise<string> {
  const slug = `qr-${randomUUID().slice(0, 8)}`;
  return (await db.tenant.create({ data: { name: slug, slug } })).id;
}

export async function balanceOf(db: Db, tenantId: string): Promise<bigint> {
  const row = await db.tenant.findUniqueOrThrow({ where: { id: tenantId } });
  expect(await ledgerTotal({ ctx: { db }, input: { tenantId } })).toBe(row.balance);
  return row.balance;
}
