import { accountSignUp } from "./routers/account/sign-up.ts";
import { apiKeyCreate } from "./routers/api-key/create.ts";
import { apiKeyList } from "./routers/api-key/list.ts";
import { apiKeyRevoke } from "./routers/api-key/revoke.ts";
import { apiKeySetStatus } from "./routers/api-key/set-status.ts";
import { apiKeyUpdate } from "./routers/api-key/update.ts";
import { billingLedger } from "./routers/billing/ledger.ts";
import { billingTopUpOrders } from "./routers/billing-receipts/orders.ts";
import { billingReceipt } from "./routers/billing-receipts/receipt.ts";
import { billingTopUpStatus } from "./routers/billing-receipts/status.ts";
import { billingRedeem } from "./routers/billing-redeem/redeem.ts";
import { billingTopUp } from "./routers/billing-topup/create.ts";
import { billingTopUpOptions } from "./routers/billing-topup/options.ts";
import { meGet } from "./routers/me/get.ts";
import { operatorCatalogRouter } from "./routers/operator-catalog/router.ts";
import { operatorCodesRouter } from "./routers/operator-codes/router.ts";
import { operatorInsightsRouter } from "./routers/operator-insights/router.ts";
import { operatorOutboxRouter } from "./routers/operator-outbox/router.ts";
import { operatorPaymentsRouter } from "./routers/operator-payments/router.ts";
import { operatorTenantsRouter } from "./routers/operator-tenants/router.ts";
import { settingsAcceptInvite } from "./routers/settings/accept-invite.ts";
import { settingsChangeRole } from "./routers/settings/change-role.ts";
import { settingsGet } from "./routers/settings/get.ts";
import { settingsInvitations } from "./routers/settings/invitations.ts";
import { settingsInvite } from "./routers/settings/invite.ts";
import { settingsMembers } from "./routers/settings/members.ts";
import { settingsRemoveMember } from "./routers/settings/remove-member.ts";
import { settingsRevokeInvitation } from "./routers/settings/revoke-invitation.ts";
import { settingsUpdate } from "./routers/settings/update.ts";
import { tenantList } from "./routers/tenant/list.ts";
import { tenantOverview } from "./routers/tenant/overview.ts";
import { usageGet } from "./routers/usage/get.ts";
import { usageList } from "./routers/usage/list.ts";
import { createCallerFactory, router } from "./trpc.ts";

export const appRouter = router({
  account: router({ signUp: accountSignUp }),
  me: router({ get: meGet }),
  operatorTenants: operatorTenantsRouter,
  operatorInsights: operatorInsightsRouter,
  operatorCatalog: operatorCatalogRouter,
  operatorCodes: operatorCodesRouter,
  operatorOutbox: operatorOutboxRouter,
  operatorPayments: operatorPaymentsRouter,
  tenant: router({ overview: tenantOverview, list: tenantList }),
  apiKey: router({
    list: apiKeyList,
    create: apiKeyCreate,
    revoke: apiKeyRevoke,
    update: apiKeyUpdate,
    setStatus: apiKeySetStatus,
  }),
  usage: router({ list: usageList, get: usageGet }),
  billing: router({
    ledger: billingLedger,
    redeem: billingRedeem,
    topUpOptions: billingTopUpOptions,
    topUp: billingTopUp,
    topUpOrders: billingTopUpOrders,
    topUpStatus: billingTopUpStatus,
    receipt: billingReceipt,
  }),
  settings: router({
    get: settingsGet,
    update: settingsUpdate,
    members: settingsMembers,
    invitations: settingsInvitations,
    invite: settingsInvite,
    revokeInvitation: settingsRevokeInvitation,
    acceptInvite: settingsAcceptInvite,
    changeRole: settingsChangeRole,
    removeMember: settingsRemoveMember,
  }),
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
