import { router } from "../../trpc.ts";
import { billingLedger } from "./ledger.ts";
import { billingLedgerDays, billingUsageDay } from "./ledger-days.ts";
import { billingReceipt } from "./receipt.ts";
import { billingRedeem } from "./redeem.ts";
import { billingTopUp } from "./top-up.ts";
import { billingTopUpAlipayPage } from "./top-up-alipay-page.ts";
import { billingTopUpOptions } from "./top-up-options.ts";
import { billingTopUpOrders } from "./top-up-orders.ts";
import { billingTopUpQr } from "./top-up-qr.ts";
import { billingTopUpQrStatus } from "./top-up-qr-status.ts";
import { billingTopUpStatus } from "./top-up-status.ts";

export const billingRouter = router({
  ledger: billingLedger,
  ledgerDays: billingLedgerDays,
  usageDay: billingUsageDay,
  redeem: billingRedeem,
  topUpOptions: billingTopUpOptions,
  topUp: billingTopUp,
  topUpOrders: billingTopUpOrders,
  topUpStatus: billingTopUpStatus,
  topUpQr: billingTopUpQr,
  topUpQrStatus: billingTopUpQrStatus,
  topUpAlipayPage: billingTopUpAlipayPage,
  receipt: billingReceipt,
});
