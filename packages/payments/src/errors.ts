export type PaymentsErrorCode =
  | "NOT_CONFIGURED"
  | "SIGNATURE_INVALID"
  | "BELOW_MINIMUM"
  | "UNSUPPORTED_CURRENCY"
  | "NOT_FOUND"
  | "INVALID_SETTINGS";

export class PaymentsError extends Error {
  constructor(
    readonly code: PaymentsErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "PaymentsError";
  }
}
