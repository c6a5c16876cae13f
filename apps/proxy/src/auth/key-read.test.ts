// The key reader answers exactly what the console wrote through Prisma: every field, the tenant's
// and price group's parts, nulls, a budget past 2^53 and an expiry to the millisecond.
import { randomUUID } from "node:crypto";
import { getDb } from "@relay/db";
import { hashApiKey } from "@relay/services/key-secret";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { pgKeyReader } from "./key-read.ts";

const db = getDb();
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
const read = pgKeyReader(pool);
afterAll(async () => {
  await pool.end();
  await db.$disconnect();
});

const unique = () => randomUUID().slice(0, 8);

describe("the key reader", () => {
  it("reads every field of a key with everything set", async () => {
    const group = await db.priceGroup.create({
      data: { name: `kr-${unique()}`, multiplierPpm: 850_000 },
    });
    const slug = `kr-${unique()}`;
    const tenant = await db.tenant.create({
      data: { name: slug, slug, status: "SUSPENDED", codeMsg: true, priceGroupId: group.id },
    });
    const hash = hashApiKey(`sk-relay-${randomUUID()}`);
    const expiresAt = new Date("2031-07-04T05:06:07.089Z");
    const key = await db.apiKey.create({
      data: {
        tenantId: tenant.id,
        name: "k",
        keyHash: hash,
        prefix: "sk-relay-kr1",
        status: "DISABLED",
        expiresAt,
        allowedModels: ["gpt-4o-mini", "o3"],
        allowedIps: ["10.0.0.0/8", "2001:db8::1"],
        rpmLimit: 60,
        tpmLimit: 90_000,
        budget: 9_007_199_254_740_993n,
        codeMsg: false,
      },
    });

    expect(await read(hash)).toEqual({
      id: key.id,
      tenantId: tenant.id,
      prefix: "sk-relay-kr1",
      status: "DISABLED",
      expiresAt,
      allowedModels: ["gpt-4o-mini", "o3"],
      allowedIps: ["10.0.0.0/8", "2001:db8::1"],
      rpmLimit: 60,
      tpmLimit: 90_000,
      budget: 9_007_199_254_740_993n,
      tenantStatus: "SUSPENDED",
      multiplierPpm: 850_000,
      // The key's own switch wins over its tenant's.
      codeMsg: false,
    });
  });

  it("fills what a key leaves unset from its tenant and the platform's defaults", async () => {
    const slug = `kr-${unique()}`;
    const tenant = await db.tenant.create({ data: { name: slug, slug, codeMsg: true } });
    const hash = hashApiKey(`sk-relay-${randomUUID()}`);
    const key = await db.apiKey.create({
      data: { tenantId: tenant.id, name: "k", keyHash: hash, prefix: "sk-relay-kr2" },
    });

    expect(await read(hash)).toEqual({
      id: key.id,
      tenantId: tenant.id,
      prefix: "sk-relay-kr2",
      status: "ACTIVE",
      expiresAt: null,
      allowedModels: [],
      allowedIps: [],
      rpmLimit: null,
      tpmLimit: null,
      budget: null,
      tenantStatus: "ACTIVE",
      multiplierPpm: 1_000_000,
      codeMsg: true,
    });
    await db.tenant.update({ where: { id: tenant.id }, data: { codeMsg: null } });
    expect((await read(hash))?.codeMsg).toBeNull();
  });

  it("answers null for a hash no key has", async () => {
    expect(await read(hashApiKey(`sk-relay-${randomUUID()}`))).toBeNull();
  });
});
