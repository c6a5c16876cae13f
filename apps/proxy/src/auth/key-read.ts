// Reads what the proxy knows about one API key (key-cache.ts), in one prepared statement over the
// hot path's pg pool. Through Prisma the same lookup cost the proxy ~1.3 ms of CPU on its event
// loop (the query compiler and its result mapping) against ~0.2 ms here: the cache reads every key
// in use again each second, so with many keys in use that was most of a core, and each refresh
// stalled the calls around it.
import { onPgClient, prepared } from "@relay/billing/hot-path";
import type pg from "pg";
import type { KeyRecord } from "./key-cache.ts";

/** Answers the key with this hash, or null if there is none. */
export type KeyReader = (keyHash: string) => Promise<KeyRecord | null>;

// Timestamps are stored as UTC without a zone: their epoch milliseconds read them as such.
const KEY_BY_HASH = `
  SELECT k.id, k.tenant_id, k.prefix, k.status,
         (extract(epoch FROM k.expires_at) * 1000)::float8 AS expires_ms,
         k.allowed_models, k.allowed_ips, k.rpm_limit, k.tpm_limit, k.budget::text AS budget,
         k.code_msg, t.status AS tenant_status, t.code_msg AS tenant_code_msg,
         g.multiplier_ppm
  FROM api_keys k
  JOIN tenants t ON t.id = k.tenant_id
  LEFT JOIN price_groups g ON g.id = t.price_group_id
  WHERE k.key_hash = $1`;

interface Row {
  id: string;
  tenant_id: string;
  prefix: string;
  status: KeyRecord["status"];
  expires_ms: number | null;
  allowed_models: string[];
  allowed_ips: string[];
  rpm_limit: number | null;
  tpm_limit: number | null;
  budget: string | null;
  code_msg: boolean | null;
  tenant_status: KeyRecord["tenantStatus"];
  tenant_code_msg: boolean | null;
  multiplier_ppm: number | null;
}

export function pgKeyReader(pool: pg.Pool): KeyReader {
  return async (keyHash) => {
    const { rows } = await onPgClient(pool, (client) =>
      prepared<Row>(client, "key:by-hash", KEY_BY_HASH, [keyHash]),
    );
    const row = rows[0];
    if (!row) return null;
    return {
      id: row.id,
      tenantId: row.tenant_id,
      prefix: row.prefix,
      status: row.status,
      expiresAt: row.expires_ms === null ? null : new Date(row.expires_ms),
      allowedModels: row.allowed_models,
      allowedIps: row.allowed_ips,
      rpmLimit: row.rpm_limit,
      tpmLimit: row.tpm_limit,
      budget: row.budget === null ? null : BigInt(row.budget),
      tenantStatus: row.tenant_status,
      multiplierPpm: row.multiplier_ppm ?? 1_000_000,
      codeMsg: row.code_msg ?? row.tenant_code_msg,
    };
  };
}
