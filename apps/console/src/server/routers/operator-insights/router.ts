import { router } from "../../trpc.ts";
import { operatorAuditLog } from "./audit-log.ts";
import { operatorDashboard } from "./dashboard.ts";

export const operatorInsightsRouter = router({
  auditLog: operatorAuditLog,
  dashboard: operatorDashboard,
});
