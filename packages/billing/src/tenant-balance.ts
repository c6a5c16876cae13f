// A tenant's balance read with `pg` alone, for the operator's command line: `relay balance`
// answers in a fraction of a second because it never loads the ORM, whose client and query
// compiler are most of what any other command spends before its first query.
import pg from "pg";
import type { Balance } from "./balance.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface TenantBalance extends Balance {
  tenantId: string;
  slug: string;
}

/** The balance of a tenant named by id or slug, as operators type it; undefined if none. */
export async function readTenantBalance(
  databaseUrl: string,
  tenant: string,
): Promise<TenantBalance | undefined> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{
      id: string;
      slug: string;
      balance: string;
      held: string;
    }>(
      `SELECT id, slug, balance::text, held::text FROM tenants
       WHERE ${UUID.test(tenant) ? "id = $1::uuid" : "slug = $1"}`,
      [tenant],
    );
    const row = rows[0];
    if (!row) return undefined;
    const balance = BigInt(row.balance);
    const held = BigInt(row.held);
    return { tenantId: row.id, slug: row.slug, balance, held, available: balance - held };
  } finally {
    await client.end();
  }
}
