// After the Relay proxy has stopped (a graceful stop flushes the settlement queue): every 2xx
// the load generator saw is a charged usage record, no hold is left open, and the bench
// tenant's balance equals the sum of its ledger.
import pg from "pg";

export interface ChargeCheck {
  /** 2xx responses the load generator counted for Relay (warm-ups included). */
  seen2xx: number;
  /** Requests it sent, including those cut off in flight when each run's time was up. */
  sent: number;
  records: number;
  /** 2xx responses with no usage record, or one that charged nothing. */
  uncharged: number;
  /** Usage records for calls the load generator did not see finish (cut off at a run's end). */
  unseen: number;
  /** Holds of calls that never settled (still open after the proxy stopped). */
  openHolds: number;
  held: bigint;
  balance: bigint;
  ledger: bigint;
  /** Relay exited by itself on SIGTERM (its graceful stop finished). */
  graceful: boolean;
  /** Every 2xx charged, no more records than requests sent, balance == sum(ledger). */
  charged: boolean;
  ok: boolean;
  /** Relay's own timings from its usage records, ms: received -> upstream headers, -> settled. */
  serverSide: { stream: boolean; firstByteP50: number; latencyP50: number; latencyP99: number }[];
}

export async function checkCharges(
  url: string,
  tenantId: string,
  seen: { requestIds: string[]; sent: number },
  graceful: boolean,
): Promise<ChargeCheck> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const records = await client.query<{ request_id: string; price: string }>(
      "SELECT request_id, price::text FROM usage_records WHERE tenant_id = $1",
      [tenantId],
    );
    const price = new Map(records.rows.map((r) => [r.request_id, BigInt(r.price)]));
    const seenIds = new Set(seen.requestIds);
    const uncharged = seen.requestIds.filter((id) => (price.get(id) ?? 0n) <= 0n).length;
    const unseen = records.rows.filter((r) => !seenIds.has(r.request_id)).length;

    const money = await client.query<{ balance: string; held: string; ledger: string }>(
      `SELECT t.balance::text, t.held::text,
         (SELECT coalesce(sum(amount), 0)::text FROM ledger_entries WHERE tenant_id = t.id) AS ledger
       FROM tenants t WHERE t.id = $1`,
      [tenantId],
    );
    const holds = await client.query<{ open: string }>(
      "SELECT count(*)::text AS open FROM holds WHERE tenant_id = $1 AND state = 'HELD'",
      [tenantId],
    );
    const timings = await client.query<{
      stream: boolean;
      first_byte: number;
      latency: number;
      latency_p99: number;
    }>(
      `SELECT stream,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY first_byte_ms) AS first_byte,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) AS latency,
         percentile_cont(0.99) WITHIN GROUP (ORDER BY latency_ms) AS latency_p99
       FROM usage_records WHERE tenant_id = $1 GROUP BY stream ORDER BY stream`,
      [tenantId],
    );

    const row = money.rows[0];
    const balance = BigInt(row?.balance ?? "0");
    const ledger = BigInt(row?.ledger ?? "0");
    const held = BigInt(row?.held ?? "0");
    const openHolds = Number(holds.rows[0]?.open ?? "0");
    // A call cut off in flight may still have been served and charged; it cannot exceed `sent`.
    const charged = uncharged === 0 && records.rows.length <= seen.sent && balance === ledger;
    const check: ChargeCheck = {
      seen2xx: seen.requestIds.length,
      sent: seen.sent,
      records: records.rows.length,
      uncharged,
      unseen,
      openHolds,
      held,
      balance,
      ledger,
      graceful,
      charged,
      ok: charged && graceful && openHolds === 0 && held === 0n,
      serverSide: timings.rows.map((r) => ({
        stream: r.stream,
        firstByteP50: Number(r.first_byte),
        latencyP50: Number(r.latency),
        latencyP99: Number(r.latency_p99),
      })),
    };
    return check;
  } finally {
    await client.end();
  }
}
