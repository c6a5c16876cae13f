import { getDb } from "@relay/db";
import { afterAll, describe, expect, it } from "vitest";
import type { ServiceContext } from "../context.ts";
import { ServiceError } from "../errors.ts";
import { listCatalog } from "./catalog.ts";
import { percentAsPpm, ppmAsPercent, savePriceGroup, savePriceGroupInput } from "./group.ts";
import { setImagePrice, setImagePriceInput } from "./image.ts";
import { updateModel, updateModelInput } from "./model.ts";
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

  it("lists per-second and per-character audio prices, audited like token prices", async () => {
    await setPrice({
      ctx,
      input: setPriceInput.parse({ model: "catalog-tts", input: "0", output: "0", perMChar: "15" }),
    });
    await setPrice({
      ctx,
      input: setPriceInput.parse({
        model: "catalog-whisper",
        input: "0",
        output: "0",
        perAudioSecond: "0.0001",
      }),
    });
    const catalog = await listCatalog({ ctx });
    expect(catalog.find((m) => m.id === "catalog-tts")?.sale).toMatchObject({
      perMChar: 15_000_000n,
      perAudioSecond: 0n,
    });
    expect(catalog.find((m) => m.id === "catalog-whisper")?.sale).toMatchObject({
      perAudioSecond: 100n,
      perMChar: 0n,
    });
    const audit = await db.auditLog.findFirstOrThrow({
      where: { targetId: "catalog-tts", action: "price.set" },
    });
    expect(audit.data).toMatchObject({ after: { perMChar: "15000000" } });
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

describe("models", () => {
  it("disables, re-enables and re-kinds a model, audited with before and after", async () => {
    await setPrice({
      ctx,
      input: setPriceInput.parse({ model: "toggle-embedding-v1", input: "0.1", output: "0" }),
    });
    const disabled = await updateModel({
      ctx,
      input: updateModelInput.parse({ model: "toggle-embedding-v1", enabled: false }),
    });
    expect(disabled).toMatchObject({ enabled: false, kind: "EMBEDDING" });
    const rekinded = await updateModel({
      ctx,
      input: updateModelInput.parse({ model: "toggle-embedding-v1", kind: "CHAT", enabled: false }),
    });
    expect(rekinded).toMatchObject({ enabled: false, kind: "CHAT" });
    await updateModel({
      ctx,
      input: updateModelInput.parse({ model: "toggle-embedding-v1", enabled: true }),
    });
    const listed = (await listCatalog({ ctx })).find((m) => m.id === "toggle-embedding-v1");
    expect(listed).toMatchObject({ enabled: true, kind: "CHAT" });

    const audit = await db.auditLog.findMany({
      where: { targetId: "toggle-embedding-v1", action: "model.update" },
      orderBy: { id: "asc" },
    });
    expect(audit.map((a) => a.data)).toEqual([
      { before: { enabled: true }, after: { enabled: false } },
      { before: { kind: "EMBEDDING" }, after: { kind: "CHAT" } },
      { before: { enabled: false }, after: { enabled: true } },
    ]);
    expect(audit.every((a) => a.actorLabel === "test" && a.targetType === "model")).toBe(true);
  });

  it("a no-op writes nothing; an unknown model or an empty change is refused", async () => {
    await setPrice({
      ctx,
      input: setPriceInput.parse({ model: "noop-model", input: "1", output: "1" }),
    });
    const same = await updateModel({
      ctx,
      input: updateModelInput.parse({ model: "noop-model", enabled: true, kind: "CHAT" }),
    });
    expect(same).toMatchObject({ enabled: true, kind: "CHAT" });
    expect(
      await db.auditLog.count({ where: { targetId: "noop-model", action: "model.update" } }),
    ).toBe(0);
    await expect(
      updateModel({
        ctx,
        input: updateModelInput.parse({ model: "no-such-model", enabled: false }),
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(updateModelInput.safeParse({ model: "noop-model" }).success).toBe(false);
    expect(updateModelInput.safeParse({ model: "noop-model", kind: "VIDEO" }).success).toBe(false);
  });
});
