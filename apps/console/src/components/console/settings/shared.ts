import { TRPCClientError } from "@trpc/client";

export type Role = "OWNER" | "ADMIN" | "DEVELOPER";
export const rank: Record<Role, number> = { DEVELOPER: 1, ADMIN: 2, OWNER: 3 };

export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Micro-dollars as the shortest exact decimal: 1_500_000n -> "1.5". */
export function usdText(micros: bigint): string {
  const fraction = (micros % 1_000_000n).toString().padStart(6, "0").replace(/0+$/, "");
  return `${micros / 1_000_000n}${fraction ? `.${fraction}` : ""}`;
}

export function errorCode(error: unknown): string | undefined {
  return error instanceof TRPCClientError ? error.data?.code : undefined;
}
