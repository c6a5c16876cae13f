// The models page lists the workspace's own prices (its price group's multiplier is the page's),
// and a refused call's request detail carries its error and says it cost nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerFor, codeOf, db, type Person, person } from "./testing.ts";

afterAll(() => db.$disconnect());

const run = Date.now().toString(36);
const MODEL = `pages-model-${run}`;
const HIDDEN = `pages-no-channel-${run}`;
let reseller: Person;
let plain: Person;

beforeAll(async () => {
  reseller = await person(`pages-reseller-${run}@example.com`);
  plain = await person(`pages-plain-${run}@example.com`);
  const group = await db.priceGroup.create({
    data: { name: `Resellers ${run}`, multiplierPpm: 1_200_000 },
  });
  await db.tenant.update({ where: { id: reseller.tenant.id }, data: { priceGroupId: group.id } });
  const channel = await db.channel.create({
    data: {
      name: `pages-${run}`,
      provider: "OPENAI",
      baseUrl: "http://127.0.0.1:9/v1",
      credentialCiphertext: "x",
      credentialHint: "x",
    },
  });
  for (const id of [MODEL, HIDDEN]) {
    await db.model.create({
      data: {
        id,
        contextWindow: 128_000,
        maxOutputTokens: 16_384,
        prices: {
          create: { scope: "SALE", inputPerMTok: 150_000n, outputPerMTok: 600_000n },
        },
      },
    });
  }
  await db.channelModel.create({ data: { channelId: channel.id, modelId: MODEL } });
});

describe("models.list", () => {
  it("gives the price group's multiplier with the list rates of every served model", async () => {
    const list = await callerFor(reseller.session).models.list({ tenantId: reseller.tenant.id });
    expect(list).toMatchObject({ priceGroup: `Resellers ${run}`, multiplierPpm: 1_200_000 });
    expect(list.models.find((m) => m.id === MODEL)).toMatchObject({
      contextWindow: 128_000,
      maxOutputTokens: 16_384,
      inputPerMTok: 150_000n,
      outputPerMTok: 600_000n,
    });
    // A model no channel serves cannot be called: it is not offered.
    expect(list.models.some((m) => m.id === HIDDEN)).toBe(false);
  });

  it("a workspace without a price group pays the list price; another's id is NOT_FOUND", async () => {
    const list = await callerFor(plain.session).models.list({ tenantId: plain.tenant.id });
    expect(list).toMatchObject({ priceGroup: null, multiplierPpm: 1_000_000 });
    expect(
      await codeOf(callerFor(plain.session).models.list({ tenantId: reseller.tenant.id })),
    ).toBe("NOT_FOUND");
  });
});

describe("usage of a refused call", () => {
  it("lists and details its error message, and its price as free", async () => {
    const apiKey = await db.apiKey.create({
      data: {
        tenantId: plain.tenant.id,
        name: "pages",
        prefix: "sk-relay-page",
        keyHash: `hash-${run}`,
      },
    });
    await db.usageRecord.create({
      data: {
        requestId: `req_pages_${run}`,
        tenantId: plain.tenant.id,
        apiKeyId: apiKey.id,
        model: MODEL,
        endpoint: "/chat/completions",
        status: 429,
        errorCode: "insufficient_quota",
        errorMessage: "You exceeded your current quota.",
      },
    });
    const caller = callerFor(plain.session);
    const page = await caller.usage.list({ tenantId: plain.tenant.id, statusMin: 400 });
    expect(page.items.map((i) => [i.status, i.errorCode, i.errorMessage, i.price])).toEqual([
      [429, "insufficient_quota", "You exceeded your current quota.", "0.000000"],
    ]);
    const detail = await caller.usage.get({
      tenantId: plain.tenant.id,
      requestId: `req_pages_${run}`,
    });
    expect(detail).toMatchObject({
      errorMessage: "You exceeded your current quota.",
      price: 0n,
      pricing: { multiplierPpm: 1_000_000, rates: { inputPerMTok: 150_000n } },
    });
  });
});
