import { TRPCClientError } from "@trpc/client";

export type Role = "OWNER" | "ADMIN" | "DEVELOPER";
export const rank: Record<Role, number> = { DEVELOPER: 1, ADMIN: 2, OWNER: 3 };

export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function errorCode(error: unknown): string | undefined {
  return error instanceof TRPCClientError ? error.data?.code : undefined;
}
