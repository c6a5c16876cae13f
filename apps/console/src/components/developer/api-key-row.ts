/** An API key as the keys page lists it (never its secret or hash). */
export interface KeyRow {
  id: string;
  name: string;
  prefix: string;
  status: "ACTIVE" | "DISABLED" | "REVOKED";
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  spent: bigint;
  budget: bigint | null;
  rpmLimit: number | null;
  tpmLimit: number | null;
  allowedModels: string[];
  allowedIps: string[];
  /** "code" and "msg" in the key's JSON answers; null follows the organization. */
  codeMsg: boolean | null;
}
