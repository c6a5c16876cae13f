import { parseUsdInput } from "@relay/billing/money";
import { TRPCClientError } from "@trpc/client";
import { usd } from "@/lib/display-money.ts";

/**
 * A unit price for a table, in USD (prices are set in USD): "$0.075", "$12.00". The console's one
 * money rule (lib/display-money.ts): at least two decimals, every digit kept.
 */
export function usdUnit(micros: bigint): string {
  return usd(micros);
}

/** The first field error the server's zod validation reported, keyed by field. */
export function fieldErrorsOf(error: unknown): Record<string, string[] | undefined> {
  if (error instanceof TRPCClientError) {
    const data: unknown = error.data;
    if (typeof data === "object" && data !== null && "fieldErrors" in data) {
      const fields = (data as { fieldErrors: unknown }).fieldErrors;
      if (typeof fields === "object" && fields !== null) {
        return fields as Record<string, string[] | undefined>;
      }
    }
  }
  return {};
}

export function trpcCode(error: unknown): string | undefined {
  return error instanceof TRPCClientError
    ? (error.data as { code?: string } | undefined)?.code
    : undefined;
}

/** A valid USD amount as typed: not negative, up to six decimals, within the entry limit. */
export function isUsd(text: string): boolean {
  return parseUsdInput(text) !== undefined;
}

/** A price group's multiplier as a percentage, exactly: 1,125,000 ppm reads "112.5". */
export function ppmAsPercent(ppm: number): string {
  const whole = Math.trunc(ppm / 10_000);
  const fraction = (ppm % 10_000).toString().padStart(4, "0").replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : `${whole}`;
}
