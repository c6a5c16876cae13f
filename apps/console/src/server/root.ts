// The console's API: one key per folder of routers/, each folder's router.ts lists its procedures.
import { accountRouter } from "./routers/account/router.ts";
import { apiKeyRouter } from "./routers/api-key/router.ts";
import { billingRouter } from "./routers/billing/router.ts";
import { fineTuningRouter } from "./routers/fine-tuning/router.ts";
import { meRouter } from "./routers/me/router.ts";
import { modelsRouter } from "./routers/models/router.ts";
import { operatorCatalogRouter } from "./routers/operator-catalog/router.ts";
import { operatorCodesRouter } from "./routers/operator-codes/router.ts";
import { operatorFineTuningRouter } from "./routers/operator-fine-tuning/router.ts";
import { operatorInsightsRouter } from "./routers/operator-insights/router.ts";
import { operatorOutboxRouter } from "./routers/operator-outbox/router.ts";
import { operatorPaymentsRouter } from "./routers/operator-payments/router.ts";
import { operatorReferralsRouter } from "./routers/operator-referrals/router.ts";
import { operatorSecurityRouter } from "./routers/operator-security/router.ts";
import { operatorTenantsRouter } from "./routers/operator-tenants/router.ts";
import { referralRouter } from "./routers/referral/router.ts";
import { settingsRouter } from "./routers/settings/router.ts";
import { tenantRouter } from "./routers/tenant/router.ts";
import { usageRouter } from "./routers/usage/router.ts";
import { createCallerFactory, router } from "./trpc.ts";

export const appRouter = router({
  account: accountRouter,
  me: meRouter,
  operatorTenants: operatorTenantsRouter,
  operatorInsights: operatorInsightsRouter,
  operatorCatalog: operatorCatalogRouter,
  operatorCodes: operatorCodesRouter,
  operatorFineTuning: operatorFineTuningRouter,
  operatorOutbox: operatorOutboxRouter,
  operatorPayments: operatorPaymentsRouter,
  operatorReferrals: operatorReferralsRouter,
  operatorSecurity: operatorSecurityRouter,
  tenant: tenantRouter,
  apiKey: apiKeyRouter,
  usage: usageRouter,
  models: modelsRouter,
  billing: billingRouter,
  fineTuning: fineTuningRouter,
  referral: referralRouter,
  settings: settingsRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
