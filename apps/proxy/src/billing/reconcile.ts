// Start-up reconciliation of holds a crashed process left open. The outcome of such a call is
// unknown (its settlement was lost with the process), so the hold is released and nothing is
// charged: the tenant is never billed for a call it may not have received. The hold's expiry
// (the longest a call may run) tells an orphan from a call another replica is still serving.
import type pg from "pg";

export async function releaseExpiredHolds(pool: pg.Pool): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const released = await client.query<{ tenant_id: string; amount: string }>(
      `UPDATE holds SET state = 'RELEASED', closed_at = now()
       WHERE state = 'HELD' AND expires_at < now()
       RETURNING tenant_id, amount::text`,
    );
    const perTenant = new Map<string, bigint>();
    for (const row of released.rows) {
      perTenant.set(row.tenant_id, (perTenant.get(row.tenant_id) ?? 0n) + BigInt(row.amount));
    }
    const ids = [...perTenant.keys()].sort();
    if (ids.length > 0) {
      await client.query(
        `UPDATE tenants t SET held = t.held - v.amount
         FROM unnest($1::uuid[], $2::bigint[]) AS v(id, amount) WHERE t.id = v.id`,
        [ids, ids.map((id) => perTenant.get(id)?.toString() ?? "0")],
      );
    }
    await client.query("COMMIT");
    return released.rowCount ?? 0;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
