import { router } from "../../trpc.ts";
import { operatorFineTuningPrices, operatorFineTuningSetPrice } from "./prices.ts";
import { operatorFineTuningSetQuota } from "./storage-quota.ts";

export const operatorFineTuningRouter = router({
  prices: operatorFineTuningPrices,
  setPrice: operatorFineTuningSetPrice,
  setQuota: operatorFineTuningSetQuota,
});
