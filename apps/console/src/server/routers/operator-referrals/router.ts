import { router } from "../../trpc.ts";
import { operatorReferralsRewards } from "./rewards.ts";
import { operatorReferralsGet, operatorReferralsSave } from "./settings.ts";

export const operatorReferralsRouter = router({
  get: operatorReferralsGet,
  save: operatorReferralsSave,
  rewards: operatorReferralsRewards,
});
