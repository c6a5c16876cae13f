import { getDb } from "@relay/db";
import { afterAll, describe, expect, it } from "vitest";
import type { ServiceContext } from "../context.ts";
import { ServiceError } from "../errors.ts";
import { listCatalog } from "./catalog.ts";
import { percentAsPpm, ppmAsPercent, savePriceGroup, savePriceGroupInput } from "./group.ts";
import { setImagePrice, setImagePriceInput } from "./image.ts";
import { setPrice, setPriceInput } from "./set.ts";

const db = getDb();
const ctx: ServiceContext = { db, actor: { label: "test" } };
afterAll(() => db.$disconnect());

describe("price groups", () => {
  it.each([
    ["100", 1_000_000],
    ["90", 900_000],
    ["112.5", 1_125_000],
    ["0.0001", 1],
    ["1000", 10_000_000],
  ])("%s%% is %i ppm and back", (text, ppm) => {
    expect(percentAsPpm.parse(text)).toBe(ppm);
    expect(ppmAsPercent(ppm)).toBe(text);
  });

  it.each(["0", "-5", "1.23456", "abc", "1000.5"])("refuses %s", (text) => {
    expect(percentAsPpm.safeParse(text).success).toBe(false);
  });

  it("create, rename and re-price, names unique, audit keeps before and after", async () => {
    const group = await savePriceGroup({
      ctx,
      input: savePriceGroupInput.parse({ name: "Resellers", multiplier: "80" }),
    });
    expect(group.multiplierPpm).toBe(800_000);
    await expect(
      savePriceGroup({
        ctx,
        input: savePriceGroupInput.parse({ name: "Resellers", multiplier: "70" }),
      }),
    ).rejects.toBeInstanceOf(ServiceError);
    const edited = await savePriceGroup({
      ctx,
      input: savePriceGroupInput.parse({ id: group.id, name: "Partners", multiplier: "85.5" }),
    });
    expect(edited).toMatchObject({ name: "Partners", multiplierPpm: 855_000 });
    const audit = await db.auditLog.findFirst({
      where: { targetId: group.id, action: "price_group.update" },
    });
    expect(audit?.data).toMatchObject({
      before: { name: "Resellers", multiplierPpm: 800_000 },
      after: { name: "Partners", multiplierPpm: 855_000 },
    });
  });
});

describe("the catalog", () => {
  it("lists SALE and COST token prices and image prices per model", async () => {
    await setPrice({
      ctx,
      input: setPriceInput.parse({
        model: "catalog-chat",
        input: "1",
        output: "2",
        cachedInput: "0.5",
      }),
    });
    await setPrice({
      ctx,
      input: setPriceInput.parse({
        model: "catalog-chat",
        scope: "COST",
        input: "0.8",
        output: "1.6",
      }),
    });
    await setPrice({
      ctx,
      input: setPriceInput.parse({ model: "catalog-image", input: "0", output: "0" }),
    });
    await setImagePrice({
      ctx,
      input: setImagePriceInput.parse({
        model: "catalog-image",
        size: "1024x1024",
        perImage: "0.04",
      }),
    });
    await setImagePrice({
      ctx,
      input: setImagePriceInput.parse({
        model: "catalog-image",
        size: "1024x1024",
        perImage: "0.05",
      }),
    });
    const catalog = await listCatalog({ ctx });
    const chat = catalog.find((m) => m.id === "catalog-chat");
    expect(chat?.sale).toMatchObject({
      inputPerMTok: 1_000_000n,
      outputPerMTok: 2_000_000n,
      cachedInputPerMTok: 500_000n,
    });
    expect(chat?.cost).toMatchObject({ inputPerMTok: 800_000n, outputPerMTok: 1_600_000n });
    const image = catalog.find((m) => m.id === "catalog-image");
    expect(image?.images).toEqual([
      { scope: "SALE", size: "1024x1024", quality: "standard", perImage: 50_000n },
    ]);
    const audit = await db.auditLog.findMany({
      where: { targetId: "catalog-image", action: "price.image.set" },
      orderBy: { id: "asc" },
    });
    expect(audit[1]?.data).toMatchObject({ before: "40000", after: "50000" });
  });

  it("an image price for a model that does not exist is NOT_FOUND", async () => {
    await expect(
      setImagePrice({
        ctx,
        input: setImagePriceInput.parse({ model: "nope-model", size: "512x512", perImage: "1" }),
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
