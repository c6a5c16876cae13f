// Operator-only verbs: tenants' status and plans, their ledgers, the audit log, the dashboard.
// Price groups themselves (create, edit, list) are price/group.ts.

export { assignPriceGroup, assignPriceGroupInput } from "./assign-price-group.ts";
export {
  type AuditEntry,
  listAuditLog,
  listAuditLogInput,
} from "./audit-log.ts";
export {
  DASHBOARD_DAYS,
  getPlatformDashboard,
  type PlatformDashboard,
} from "./platform-dashboard.ts";
export { setTenantStatus, setTenantStatusInput } from "./set-tenant-status.ts";
export {
  getTenantDetail,
  type TenantDetail,
} from "./tenant-detail.ts";
