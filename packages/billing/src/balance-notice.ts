// The notification every ledger post sends in its transaction, so replicas mirroring balances
// (Redis holds) follow it: which tenant, the entry's id (the balance's version) and the balance
// it left. Absolute and versioned, so applying it twice, or late, changes nothing.
export const BALANCE_CHANNEL = "relay_balance_changed";

export interface BalanceNotice {
  tenantId: string;
  version: bigint;
  balance: bigint;
}

export function encodeBalanceNotice(notice: BalanceNotice): string {
  return `${notice.tenantId}:${notice.version}:${notice.balance}`;
}

/** The notice in a payload, or undefined for a payload of another shape. */
export function decodeBalanceNotice(payload: string): BalanceNotice | undefined {
  const [tenantId, version, balance] = payload.split(":");
  if (!tenantId || !version || !balance || !/^\d+$/.test(version) || !/^-?\d+$/.test(balance)) {
    return undefined;
  }
  return { tenantId, version: BigInt(version), balance: BigInt(balance) };
}
