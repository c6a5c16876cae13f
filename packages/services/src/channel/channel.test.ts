import { randomBytes } from "node:crypto";
import { getDb } from "@relay/db";
import { afterAll, describe, expect, it } from "vitest";
import type { ServiceContext } from "../context.ts";
import { addChannel, addChannelInput } from "./add.ts";
import { decryptSecret, encryptSecret } from "./credential.ts";

const db = getDb();
const ctx: ServiceContext = { db, actor: { label: "test" } };

afterAll(() => db.$disconnect());

describe("channels", () => {
  it("encrypt credentials with AES-GCM: round-trip, random IVs, tamper-evident", () => {
    const key = randomBytes(32);
    const a = encryptSecret("sk-upstream-secret", key);
    const b = encryptSecret("sk-upstream-secret", key);
    expect(a).not.toBe(b);
    expect(decryptSecret(a, key)).toBe("sk-upstream-secret");
    const tampered = `${a.slice(0, -4)}AAAA`;
    expect(() => decryptSecret(tampered, key)).toThrow();
    expect(() => decryptSecret(a, randomBytes(32))).toThrow();
  });

  it("adds a channel with models and name mapping, never storing the key in clear", async () => {
    const input = addChannelInput.parse({
      provider: "Azure",
      baseUrl: "https://example.openai.azure.com/",
      apiKey: "azure-secret-key-1234",
      models: ["gpt-4o=my-gpt4o-deployment", "text-embedding-3-small"],
      config: { apiVersion: "2024-10-21" },
    });
    const encryptionKey = randomBytes(32);
    const channel = await addChannel({ ctx, input, encryptionKey });
    expect(channel.provider).toBe("AZURE");
    expect(channel.baseUrl).toBe("https://example.openai.azure.com");
    expect(channel.credentialHint).toBe("…1234");
    expect(channel.credentialCiphertext).not.toContain("azure-secret");
    expect(decryptSecret(channel.credentialCiphertext, encryptionKey)).toBe(
      "azure-secret-key-1234",
    );
    const models = await db.channelModel.findMany({
      where: { channelId: channel.id },
      orderBy: { modelId: "asc" },
    });
    expect(models.map((m) => [m.modelId, m.upstreamModel])).toEqual([
      ["gpt-4o", "my-gpt4o-deployment"],
      ["text-embedding-3-small", null],
    ]);
    expect(
      (await db.model.findUniqueOrThrow({ where: { id: "text-embedding-3-small" } })).kind,
    ).toBe("EMBEDDING");
  });

  it("rejects an unknown provider and a bad URL with readable messages", () => {
    const result = addChannelInput.safeParse({
      provider: "nope",
      baseUrl: "not a url",
      apiKey: "x",
      models: ["a"],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path[0]).sort()).toEqual(["baseUrl", "provider"]);
  });
});
