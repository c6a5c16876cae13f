export { type Balance, getBalance, ledgerTotal } from "./balance.ts";
export { BillingError, type BillingErrorCode } from "./errors.ts";
export {
  type BillingContext,
  type LedgerEntryInput,
  type PostedEntry,
  postLedgerEntry,
} from "./ledger.ts";
export {
  applyPpm,
  ceilDiv,
  formatUsd,
  MAX_ENTRY_USD,
  MICROS_PER_USD,
  type Micros,
  MoneyFormatError,
  parseUsd,
  parseUsdInput,
  usdInput,
} from "./money.ts";
export { FREE, type MeteredUsage, maxPrice, priceUsage, type Rates } from "./pricing.ts";
