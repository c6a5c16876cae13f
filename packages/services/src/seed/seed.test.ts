import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ledgerTotal } from "@relay/billing";
import { getDb } from "@relay/db";
import { afterAll, describe, expect, it } from "vitest";
import { verifyPassword } from "../user/password.ts";
import { SEED_MODELS } from "./catalog.ts";
import { seedDemo } from "./demo.ts";

const db = getDb();
afterAll(() => db.$disconnect());

describe("seed", () => {
  it("creates the demo platform once; a second run keeps balances and the remembered key", async () => {
    const demoKeyFile = join(mkdtempSync(join(tmpdir(), "relay-seed-")), "demo-key");
    const input = {
      operatorEmail: "admin@relay.test",
      operatorPassword: "correct horse",
      upstreamUrl: "http://127.0.0.1:4010/v1",
      demoKeyFile,
    };
    const encryptionKey = randomBytes(32);
    const first = await seedDemo({ ctx: { db }, input, encryptionKey });
    const second = await seedDemo({
      ctx: { db },
      encryptionKey,
      input: { ...input, upstreamUrl: "http://127.0.0.1:4999/v1" },
    });

    expect(first.operatorPassword).toBe("correct horse");
    expect(second.operatorPassword).toBeUndefined();
    expect(first.demoKey).toMatch(/^sk-relay-/);
    expect(second.demoKey).toBe(first.demoKey);

    const tenant = await db.tenant.findUniqueOrThrow({ where: { slug: "demo" } });
    expect(tenant.balance).toBe(10_000_000n);
    expect(await ledgerTotal({ ctx: { db }, input: { tenantId: tenant.id } })).toBe(10_000_000n);
    expect(await db.apiKey.count({ where: { tenantId: tenant.id } })).toBe(1);

    const operator = await db.user.findUniqueOrThrow({ where: { email: "admin@relay.test" } });
    expect(operator.role).toBe("OPERATOR");
    expect(await verifyPassword("correct horse", operator.passwordHash ?? "")).toBe(true);
    expect(await verifyPassword("wrong", operator.passwordHash ?? "")).toBe(false);

    const channel = await db.channel.findFirstOrThrow({ where: { name: "Simulated upstream" } });
    expect(channel.baseUrl).toBe("http://127.0.0.1:4999/v1");
    expect(await db.channelModel.count({ where: { channelId: channel.id } })).toBe(
      SEED_MODELS.length,
    );
    const mini = await db.modelPrice.findUniqueOrThrow({
      where: { modelId_scope: { modelId: "gpt-4o-mini", scope: "SALE" } },
    });
    expect([mini.inputPerMTok, mini.outputPerMTok, mini.cachedInputPerMTok]).toEqual([
      200_000n,
      800_000n,
      100_000n,
    ]);

    // Audio: whisper-1 per second of audio, tts-1 and tts-1-hd per 1M input characters.
    const audio = await db.modelPrice.findMany({
      where: { modelId: { in: ["whisper-1", "tts-1", "tts-1-hd"] }, scope: "SALE" },
      orderBy: { modelId: "asc" },
    });
    expect(audio.map((p) => [p.modelId, p.perAudioSecond, p.perMChar])).toEqual([
      ["tts-1", 0n, 18_000_000n],
      ["tts-1-hd", 0n, 36_000_000n],
      ["whisper-1", 120n, 0n],
    ]);

    // As the seed service and OpenAI behave for calls naming no model.
    expect(await db.defaultModel.findMany({ orderBy: { endpoint: "asc" } })).toMatchObject([
      { endpoint: "chat", modelId: "gpt-4o-mini" },
      { endpoint: "images", modelId: "dall-e-2" },
    ]);
    const dalle2 = await db.imagePrice.findMany({
      where: { modelId: "dall-e-2", scope: "SALE" },
      orderBy: { perImage: "asc" },
    });
    expect(dalle2.map((p) => [p.size, p.perImage])).toEqual([
      ["256x256", 20_000n],
      ["512x512", 22_000n],
      ["1024x1024", 25_000n],
    ]);
  });
});
