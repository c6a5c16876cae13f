import { accountSignUp } from "./routers/account/sign-up.ts";
import { apiKeyCreate } from "./routers/api-key/create.ts";
import { apiKeyList } from "./routers/api-key/list.ts";
import { apiKeyRevoke } from "./routers/api-key/revoke.ts";
import { meGet } from "./routers/me/get.ts";
import { tenantList } from "./routers/tenant/list.ts";
import { tenantOverview } from "./routers/tenant/overview.ts";
import { usageList } from "./routers/usage/list.ts";
import { createCallerFactory, router } from "./trpc.ts";

export const appRouter = router({
  account: router({ signUp: accountSignUp }),
  me: router({ get: meGet }),
  tenant: router({ overview: tenantOverview, list: tenantList }),
  apiKey: router({ list: apiKeyList, create: apiKeyCreate, revoke: apiKeyRevoke }),
  usage: router({ list: usageList }),
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
