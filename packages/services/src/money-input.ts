import { parseUsd } from "@relay/billing";
import { z } from "zod";

/** A USD amount typed by a person ("5", "12.50"), parsed exactly into micro-dollars. */
export const usdAmount = z.string().transform((text, ctx) => {
  try {
    return parseUsd(text);
  } catch (error) {
    ctx.addIssue({
      code: "custom",
      message: error instanceof Error ? error.message : String(error),
    });
    return z.NEVER;
  }
});
