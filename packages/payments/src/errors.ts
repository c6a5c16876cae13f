export type PaymentsErrorCode =
  | "NOT_CONFIGURED"
  | "SIGNATURE_INVALID"
  | "BELOW_MINIMUM"
  | "UNSUPPORTED_CURRENCY"
  | "NOT_FOUND"
  | "INVALID_SETTINGS"
  /** A provider reported a payment that is not our order (amount, currency, app, merchant). */
  | "TRADE_MISMATCH"
  /** A provider refused or failed a call. */
  | "PROVIDER_ERROR"
  /** The order cannot do this in its state (refund an unpaid order, more than was paid). */
  | "INVALID_STATE";

export class PaymentsError extends Error {
  constructor(
    readonly code: PaymentsErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "PaymentsError";
  }
}
