// What the hold suites share: a tenant with credit and a key, a settlement, and the exactness check.
import { randomUUID } from "node:crypto";
import { getDb } from "@relay/db";
import { expect } from "vitest";
import { postLedgerEntry } from "../ledger.ts";
import type { Settlement } from "../settlement/settlement.ts";

const db = getDb();

export async function newTenant(credit: bigint): Promise<{ tenantId: string; apiKeyId: string }> {
  const slug = `inv-${randomUUID().slice(0, 8)}`;
  const tenant = await db.tenant.create({ data: { name: slug, slug } });
  if (credit > 0n) {
    await postLedgerEntry({
      ctx: { db },
      input: { tenantId: tenant.id, kind: "GRANT", amount: credit, idempotencyKey: `${slug}:c` },
    });
  }
  const key = await db.apiKey.create({
    data: { tenantId: tenant.id, name: "k", keyHash: randomUUID(), prefix: "sk-relay-t" },
  });
  return { tenantId: tenant.id, apiKeyId: key.id };
}

export function settlement(
  call: { requestId: string; tenantId: string; apiKeyId: string },
  price: bigint,
): Settlement {
  return {
    ...call,
    channelId: null,
    model: "m",
    upstreamModel: null,
    endpoint: "/v1/chat/completions",
    stream: false,
    status: price > 0n ? 200 : 502,
    errorCode: null,
    promptTokens: 1,
    completionTokens: 1,
    cachedTokens: 0,
    images: 0,
    audioSeconds: 0,
    price,
    upstreamCost: 0n,
    latencyMs: 1,
    firstByteMs: null,
    clientIp: null,
    createdAt: new Date(),
  };
}

/** Balance == sum(ledger), an unbroken chain, nothing held, and no balance below `floor`. */
export async function expectExact(tenantId: string, apiKeyId: string): Promise<bigint> {
  const tenant = await db.tenant.findUniqueOrThrow({ where: { id: tenantId } });
  const entries = await db.ledgerEntry.findMany({ where: { tenantId }, orderBy: { id: "asc" } });
  let running = 0n;
  let lowest = 0n;
  for (const entry of entries) {
    running += entry.amount;
    expect(entry.balanceAfter).toBe(running);
    if (running < lowest) lowest = running;
  }
  expect(tenant.balance).toBe(running);
  expect(tenant.held).toBe(0n);
  expect((await db.apiKey.findUniqueOrThrow({ where: { id: apiKeyId } })).held).toBe(0n);
  expect(await db.hold.count({ where: { tenantId, state: "HELD" } })).toBe(0);
  return lowest;
}
