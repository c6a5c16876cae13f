export type BillingErrorCode =
  | "TENANT_NOT_FOUND"
  | "INSUFFICIENT_BALANCE"
  | "IDEMPOTENCY_CONFLICT"
  | "INVALID_AMOUNT";

/** An expected billing failure; the edge (CLI, tRPC, proxy) maps the code to its own shape. */
export class BillingError extends Error {
  constructor(
    readonly code: BillingErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "BillingError";
  }
}
