import { z } from "zod";

/** One top-up as the billing page shows it; ids of Stripe objects only on the receipt. */
export const topUpOrderOutput = z.object({
  id: z.string(),
  state: z.enum(["PENDING", "PAID", "EXPIRED", "REFUNDED", "FAILED", "DISPUTED", "CHARGED_BACK"]),
  currency: z.string(),
  /** In the currency's minor unit. */
  amountMinor: z.bigint(),
  /** Micro-dollars. */
  creditAmount: z.bigint(),
  refundedAmount: z.bigint(),
  paymentMethod: z.string().nullable(),
  createdAt: z.date(),
  paidAt: z.date().nullable(),
});
