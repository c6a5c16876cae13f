import { router } from "../../trpc.ts";
import { operatorPaymentsGet } from "./get.ts";
import { operatorPaymentsSave } from "./save.ts";

export const operatorPaymentsRouter = router({
  get: operatorPaymentsGet,
  save: operatorPaymentsSave,
});
