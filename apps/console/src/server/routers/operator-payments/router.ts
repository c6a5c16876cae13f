import { router } from "../../trpc.ts";
import { operatorDisplayCurrency, operatorSaveDisplayCurrency } from "./display-currency.ts";
import { operatorPaymentsGet } from "./get.ts";
import {
  operatorPaymentsRemoveProvider,
  operatorPaymentsSaveAlipay,
  operatorPaymentsSaveWechatPay,
} from "./providers.ts";
import { operatorPaymentsRefund } from "./refund.ts";
import { operatorPaymentsSave } from "./save.ts";

export const operatorPaymentsRouter = router({
  get: operatorPaymentsGet,
  save: operatorPaymentsSave,
  saveWechatPay: operatorPaymentsSaveWechatPay,
  saveAlipay: operatorPaymentsSaveAlipay,
  removeProvider: operatorPaymentsRemoveProvider,
  refund: operatorPaymentsRefund,
  displayCurrency: operatorDisplayCurrency,
  saveDisplayCurrency: operatorSaveDisplayCurrency,
});
