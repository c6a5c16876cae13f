import { TRPCClientError } from "@trpc/client";

/** Micro-dollars as a form value: "0.075", "12", never a float on the way. */
export function microsToInput(micros: bigint): string {
  const negative = micros < 0n;
  const abs = negative ? -micros : micros;
  const whole = abs / 1_000_000n;
  const fraction = (abs % 1_000_000n).toString().padStart(6, "0").replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`;
}

/** A unit price for a table: "$0.075", "$12.00"; at least two decimals, every digit kept. */
export function usdUnit(micros: bigint): string {
  const text = microsToInput(micros);
  const [whole, fraction = ""] = text.split(".");
  return `$${whole}.${fraction.padEnd(2, "0")}`;
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

/** A valid USD amount as typed: digits with up to six decimals. */
export function isUsd(text: string): boolean {
  return /^\d+(\.\d{1,6})?$/.test(text.trim());
}

/** A price group's multiplier as a percentage, exactly: 1,125,000 ppm reads "112.5". */
export function ppmAsPercent(ppm: number): string {
  const whole = Math.trunc(ppm / 10_000);
  const fraction = (ppm % 10_000).toString().padStart(4, "0").replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : `${whole}`;
}
