import { router } from "../../trpc.ts";
import { tenantList } from "./list.ts";
import { tenantOverview } from "./overview.ts";

export const tenantRouter = router({ overview: tenantOverview, list: tenantList });
