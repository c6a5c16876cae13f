// Daily totals per tenant, key and model, added to in the settlement batch that charges the
// calls: the charts read these rows instead of scanning usage records.
import type pg from "pg";
import { prepared } from "../transaction.ts";
import type { Settlement } from "./settlement.ts";

function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export async function upsertDaily(client: pg.PoolClient, calls: Settlement[]): Promise<void> {
  const rows = new Map<
    string,
    {
      tenantId: string;
      day: string;
      apiKeyId: string;
      model: string;
      requests: number;
      errors: number;
      prompt: bigint;
      completion: bigint;
      cached: bigint;
      images: number;
      audio: bigint;
      price: bigint;
      cost: bigint;
    }
  >();
  for (const c of calls) {
    const day = dayOf(c.createdAt);
    const key = `${c.tenantId}|${day}|${c.apiKeyId}|${c.model}`;
    const row = rows.get(key) ?? {
      tenantId: c.tenantId,
      day,
      apiKeyId: c.apiKeyId,
      model: c.model,
      requests: 0,
      errors: 0,
      prompt: 0n,
      completion: 0n,
      cached: 0n,
      images: 0,
      audio: 0n,
      price: 0n,
      cost: 0n,
    };
    row.requests += 1;
    if (c.status >= 400) row.errors += 1;
    row.prompt += BigInt(c.promptTokens);
    row.completion += BigInt(c.completionTokens);
    row.cached += BigInt(c.cachedTokens);
    row.images += c.images;
    row.audio += BigInt(c.audioSeconds);
    row.price += c.price;
    row.cost += c.upstreamCost;
    rows.set(key, row);
  }
  const list = [...rows.values()].sort((a, b) =>
    `${a.tenantId}${a.day}${a.apiKeyId}${a.model}`.localeCompare(
      `${b.tenantId}${b.day}${b.apiKeyId}${b.model}`,
    ),
  );
  await prepared(
    client,
    "settle:usage-daily",
    `INSERT INTO usage_daily AS d (tenant_id, day, api_key_id, model, requests, errors, prompt_tokens,
       completion_tokens, cached_tokens, images, audio_seconds, price, upstream_cost)
     SELECT * FROM unnest($1::uuid[], $2::date[], $3::uuid[], $4::text[], $5::int[], $6::int[],
       $7::bigint[], $8::bigint[], $9::bigint[], $10::int[], $11::bigint[], $12::bigint[], $13::bigint[])
     ON CONFLICT (tenant_id, day, api_key_id, model) DO UPDATE SET
       requests = d.requests + EXCLUDED.requests,
       errors = d.errors + EXCLUDED.errors,
       prompt_tokens = d.prompt_tokens + EXCLUDED.prompt_tokens,
       completion_tokens = d.completion_tokens + EXCLUDED.completion_tokens,
       cached_tokens = d.cached_tokens + EXCLUDED.cached_tokens,
       images = d.images + EXCLUDED.images,
       audio_seconds = d.audio_seconds + EXCLUDED.audio_seconds,
       price = d.price + EXCLUDED.price,
       upstream_cost = d.upstream_cost + EXCLUDED.upstream_cost`,
    [
      list.map((r) => r.tenantId),
      list.map((r) => r.day),
      list.map((r) => r.apiKeyId),
      list.map((r) => r.model),
      list.map((r) => r.requests),
      list.map((r) => r.errors),
      list.map((r) => r.prompt.toString()),
      list.map((r) => r.completion.toString()),
      list.map((r) => r.cached.toString()),
      list.map((r) => r.images),
      list.map((r) => r.audio.toString()),
      list.map((r) => r.price.toString()),
      list.map((r) => r.cost.toString()),
    ],
  );
}
