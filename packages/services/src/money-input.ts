import { MAX_ENTRY_USD, MICROS_PER_USD, parseUsd } from "@relay/billing";
import { z } from "zod";

/**
 * A USD amount typed by a person ("5", "12.50"), parsed exactly into micro-dollars, within
 * ±MAX_ENTRY_USD so a typo can never reach the database as an overflow.
 */
export const usdAmount = z.string().transform((text, ctx) => {
  let micros: bigint;
  try {
    micros = parseUsd(text);
  } catch (error) {
    ctx.addIssue({
      code: "custom",
      message: error instanceof Error ? error.message : String(error),
    });
    return z.NEVER;
  }
  if ((micros < 0n ? -micros : micros) > MAX_ENTRY_USD * MICROS_PER_USD) {
    ctx.addIssue({
      code: "custom",
      message: `"${text}" is beyond the limit of ${MAX_ENTRY_USD.toLocaleString("en-US")} USD`,
    });
    return z.NEVER;
  }
  return micros;
});
