// After the proxy has stopped (SIGTERM: calls in flight finish, every settlement is written): each
// tenant's balance is its credit less the prices of its usage records, and the sum of its ledger;
// nothing is held; every call the client saw succeed was charged, and every call that failed
// before the upstream produced anything was not.
import pg from "pg";
import type { SoakTenant } from "./tenants.ts";

export interface TenantMoney {
  name: string;
  credit: bigint;
  balance: bigint;
  ledger: bigint;
  charged: bigint;
  records: number;
  held: bigint;
  openHolds: number;
  ok: boolean;
}

export interface MoneyCheck {
  tenants: TenantMoney[];
  /** 2xx calls the client read to the end with no usage record, or one that charged nothing. */
  uncharged: string[];
  /** Calls that failed before any output but were charged. */
  chargedForNothing: string[];
  ok: boolean;
}

export async function checkMoney(
  databaseUrl: string,
  tenants: readonly SoakTenant[],
  seen: { ok: readonly string[]; free: readonly string[] },
): Promise<MoneyCheck> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result: TenantMoney[] = [];
    for (const tenant of tenants) {
      const { rows } = await client.query<{
        balance: string;
        held: string;
        ledger: string;
        charged: string;
        records: string;
        open_holds: string;
      }>(
        `SELECT t.balance::text, t.held::text,
           (SELECT coalesce(sum(amount), 0) FROM ledger_entries WHERE tenant_id = t.id)::text AS ledger,
           (SELECT coalesce(sum(price), 0) FROM usage_records WHERE tenant_id = t.id)::text AS charged,
           (SELECT count(*) FROM usage_records WHERE tenant_id = t.id)::text AS records,
           (SELECT count(*) FROM holds WHERE tenant_id = t.id AND state = 'HELD')::text AS open_holds
         FROM tenants t WHERE t.id = $1`,
        [tenant.id],
      );
      const row = rows[0];
      if (!row) throw new Error(`tenant ${tenant.name} is missing`);
      const money = {
        name: tenant.name,
        credit: tenant.credit,
        balance: BigInt(row.balance),
        ledger: BigInt(row.ledger),
        charged: BigInt(row.charged),
        records: Number(row.records),
        held: BigInt(row.held),
        openHolds: Number(row.open_holds),
      };
      result.push({
        ...money,
        ok:
          money.balance === money.credit - money.charged &&
          money.balance === money.ledger &&
          money.held === 0n &&
          money.openHolds === 0,
      });
    }

    const ids = [...seen.ok, ...seen.free];
    const { rows } = await client.query<{ request_id: string; price: string }>(
      "SELECT request_id, price::text FROM usage_records WHERE request_id = ANY($1)",
      [ids],
    );
    const price = new Map(rows.map((r) => [r.request_id, BigInt(r.price)]));
    const uncharged = seen.ok.filter((id) => (price.get(id) ?? 0n) <= 0n);
    const chargedForNothing = seen.free.filter((id) => (price.get(id) ?? 0n) !== 0n);
    return {
      tenants: result,
      uncharged,
      chargedForNothing,
      ok: result.every((t) => t.ok) && uncharged.length === 0 && chargedForNothing.length === 0,
    };
  } finally {
    await client.end();
  }
}
