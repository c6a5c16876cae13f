import { router } from "../../trpc.ts";
import { operatorTenantAssignPriceGroup } from "./assign-price-group.ts";
import { operatorTenantCreate } from "./create.ts";
import { operatorTenantCredit } from "./credit.ts";
import { operatorTenantDetail } from "./detail.ts";
import { operatorTenantLedger } from "./ledger.ts";
import { operatorTenantList } from "./list.ts";
import { operatorTenantSetCodeMsg } from "./set-code-msg.ts";
import { operatorTenantSetStatus } from "./set-status.ts";
import { operatorTenantUsage } from "./usage.ts";

// Price groups themselves are created, edited and listed by operatorCatalog; tenants are assigned
// to one here.
export const operatorTenantsRouter = router({
  list: operatorTenantList,
  create: operatorTenantCreate,
  detail: operatorTenantDetail,
  setStatus: operatorTenantSetStatus,
  credit: operatorTenantCredit,
  ledger: operatorTenantLedger,
  usage: operatorTenantUsage,
  assignPriceGroup: operatorTenantAssignPriceGroup,
  setCodeMsg: operatorTenantSetCodeMsg,
});
