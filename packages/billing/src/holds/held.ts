// Moves the `held` column of tenants or keys by a list of amounts (one per hold; negative to
// release), summed per row. The caller holds the tenants' row locks (lock order: tenants first).
import type pg from "pg";
import { prepared } from "../transaction.ts";

export async function moveHeld(
  client: pg.PoolClient,
  table: "tenants" | "api_keys",
  ids: string[],
  amounts: bigint[],
): Promise<void> {
  if (ids.length === 0) return;
  await prepared(
    client,
    `held:${table}`,
    `UPDATE ${table} t SET held = t.held + v.amount
     FROM (SELECT id, sum(amount) AS amount FROM unnest($1::uuid[], $2::bigint[]) AS u(id, amount)
           GROUP BY id) v
     WHERE t.id = v.id`,
    [ids, amounts.map(String)],
  );
}
