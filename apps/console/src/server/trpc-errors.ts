// The one translation from the packages' typed errors to tRPC codes. Each table is exhaustive over
// its error's codes, so a new code does not compile until someone decides what the browser sees.
import { BillingError, type BillingErrorCode } from "@relay/billing";
import { PaymentsError, type PaymentsErrorCode } from "@relay/payments";
import { ServiceError, type ServiceErrorCode } from "@relay/services";
import { TRPCError } from "@trpc/server";

type TrpcCode = TRPCError["code"];

const serviceCodes: Record<ServiceErrorCode, TrpcCode> = {
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  INVALID_INPUT: "BAD_REQUEST",
  FORBIDDEN: "FORBIDDEN",
  RATE_LIMITED: "TOO_MANY_REQUESTS",
};

const billingCodes: Record<BillingErrorCode, TrpcCode> = {
  TENANT_NOT_FOUND: "NOT_FOUND",
  // The request is fine; the balance as it stands does not allow it.
  INSUFFICIENT_BALANCE: "PRECONDITION_FAILED",
  IDEMPOTENCY_CONFLICT: "CONFLICT",
  INVALID_AMOUNT: "BAD_REQUEST",
};

const paymentsCodes: Record<PaymentsErrorCode, TrpcCode> = {
  // The platform is not set up for it (no Stripe keys, no rate for the currency): not the
  // caller's fault, and the same code as the top-up procedure's own "not configured".
  NOT_CONFIGURED: "PRECONDITION_FAILED",
  UNSUPPORTED_CURRENCY: "PRECONDITION_FAILED",
  SIGNATURE_INVALID: "UNAUTHORIZED",
  BELOW_MINIMUM: "BAD_REQUEST",
  NOT_FOUND: "NOT_FOUND",
  INVALID_SETTINGS: "BAD_REQUEST",
  TRADE_MISMATCH: "CONFLICT",
  // The provider refused or could not be reached: the request may work later.
  PROVIDER_ERROR: "BAD_GATEWAY",
  INVALID_STATE: "PRECONDITION_FAILED",
};

/** The tRPC error for an expected failure of a service, billing or payments verb; else undefined. */
export function domainToTrpcError(cause: unknown): TRPCError | undefined {
  const code =
    cause instanceof ServiceError
      ? serviceCodes[cause.code]
      : cause instanceof BillingError
        ? billingCodes[cause.code]
        : cause instanceof PaymentsError
          ? paymentsCodes[cause.code]
          : undefined;
  return code && cause instanceof Error
    ? new TRPCError({ code, message: cause.message, cause })
    : undefined;
}
