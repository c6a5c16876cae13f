import { randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { getDb } from "@relay/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServiceContext } from "../context.ts";
import { addChannel, addChannelInput } from "./add.ts";
import { decryptSecret } from "./credential.ts";
import { listChannels } from "./list.ts";
import { modelListRequest, probeChannel } from "./probe.ts";
import { setChannelStatus, updateChannel, updateChannelInput } from "./update.ts";

const db = getDb();
const ctx: ServiceContext = { db, actor: { label: "test" } };
const encryptionKey = randomBytes(32);

// A tiny upstream: GET /v1/models answers 200 for the right key, 401 otherwise.
let upstream: Server;
let upstreamUrl: string;
let lastHeaders: IncomingHttpHeaders = {};
beforeAll(async () => {
  upstream = createServer((req, res) => {
    lastHeaders = req.headers;
    res.setHeader("content-type", "application/json");
    if (req.url !== "/v1/models") {
      res.writeHead(404).end(JSON.stringify({ error: { message: "no route" } }));
    } else if (req.headers.authorization === "Bearer sk-good-key-9999") {
      res.end(JSON.stringify({ object: "list", data: [{ id: "m1" }, { id: "m2" }] }));
    } else {
      res.writeHead(401).end(JSON.stringify({ error: { message: "Incorrect API key provided" } }));
    }
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  await new Promise((resolve) => upstream.close(resolve));
  await db.$disconnect();
});

async function channel(apiKey: string) {
  return addChannel({
    ctx,
    encryptionKey,
    input: addChannelInput.parse({
      provider: "openai-compatible",
      baseUrl: upstreamUrl,
      apiKey,
      models: ["edit-model-a"],
    }),
  });
}

describe("editing channels", () => {
  it("a blank credential keeps the old one; a new one replaces it; models are replaced", async () => {
    const created = await channel("sk-first-key-1111");
    const base = {
      channelId: created.id,
      name: "renamed",
      baseUrl: upstreamUrl,
      models: ["edit-model-a=upstream-a", "edit-model-b"],
      priority: 5,
      weight: 3,
    };
    const kept = await updateChannel({
      ctx,
      encryptionKey,
      input: updateChannelInput.parse({ ...base, apiKey: "  " }),
    });
    expect(decryptSecret(kept.credentialCiphertext, encryptionKey)).toBe("sk-first-key-1111");
    expect(kept.credentialHint).toBe("…1111");
    const replaced = await updateChannel({
      ctx,
      encryptionKey,
      input: updateChannelInput.parse({ ...base, apiKey: "sk-second-key-2222" }),
    });
    expect(decryptSecret(replaced.credentialCiphertext, encryptionKey)).toBe("sk-second-key-2222");
    const listed = (await listChannels({ ctx })).find((c) => c.id === created.id);
    expect(listed).toMatchObject({
      name: "renamed",
      priority: 5,
      weight: 3,
      credentialHint: "…2222",
    });
    expect(listed?.models).toEqual([
      { modelId: "edit-model-a", upstreamModel: "upstream-a" },
      { modelId: "edit-model-b", upstreamModel: null },
    ]);
    expect(JSON.stringify(listed)).not.toContain("sk-second");
    const audits = await db.auditLog.findMany({
      where: { targetId: created.id, action: "channel.update" },
      orderBy: { id: "asc" },
    });
    expect(audits).toHaveLength(2);
    expect(JSON.stringify(audits.map((a) => a.data))).not.toContain("sk-");
    expect(audits[1]?.data).toMatchObject({
      before: { credential: "…1111" },
      after: { credential: "…2222", models: ["edit-model-a=upstream-a", "edit-model-b"] },
    });
  });

  it("disable and enable, each with an audit row", async () => {
    const created = await channel("sk-any-key-3333");
    expect(
      (await setChannelStatus({ ctx, input: { channelId: created.id, status: "DISABLED" } }))
        .status,
    ).toBe("DISABLED");
    await setChannelStatus({ ctx, input: { channelId: created.id, status: "ENABLED" } });
    const actions = await db.auditLog.findMany({
      where: { targetId: created.id },
      orderBy: { id: "asc" },
      select: { action: true },
    });
    expect(actions.map((a) => a.action)).toEqual([
      "channel.add",
      "channel.disable",
      "channel.enable",
    ]);
  });
});

describe("testing a channel", () => {
  it("a good key: success, the latency, the model count, recorded on the channel", async () => {
    const created = await channel("sk-good-key-9999");
    const result = await probeChannel({ ctx, encryptionKey, input: { channelId: created.id } });
    expect(result).toMatchObject({ ok: true, status: 200, modelCount: 2, models: ["m1", "m2"] });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(lastHeaders.authorization).toBe("Bearer sk-good-key-9999");
    const after = await db.channel.findUniqueOrThrow({ where: { id: created.id } });
    expect(after).toMatchObject({
      successCount: 1,
      failureCount: 0,
      lastLatencyMs: result.latencyMs,
    });
  });

  it("a wrong key: the upstream's message, a failure counted", async () => {
    const created = await channel("sk-wrong-key-0000");
    const result = await probeChannel({ ctx, encryptionKey, input: { channelId: created.id } });
    expect(result).toMatchObject({ ok: false, status: 401 });
    expect(result.message).toContain("Incorrect API key");
    expect((await db.channel.findUniqueOrThrow({ where: { id: created.id } })).failureCount).toBe(
      1,
    );
  });

  it("nothing listening: a connection failure, not a crash", async () => {
    const created = await channel("sk-good-key-9999");
    await db.channel.update({
      where: { id: created.id },
      data: { baseUrl: "http://127.0.0.1:1/v1" },
    });
    const result = await probeChannel({ ctx, encryptionKey, input: { channelId: created.id } });
    expect(result).toMatchObject({ ok: false, status: null });
    expect(result.message).toMatch(/^Could not connect/);
  });

  it.each([
    ["OPENAI", "https://api.openai.com/v1", "https://api.openai.com/v1/models", "authorization"],
    [
      "AZURE",
      "https://x.openai.azure.com",
      "https://x.openai.azure.com/openai/models?api-version=2024-10-21",
      "api-key",
    ],
    ["ANTHROPIC", "https://api.anthropic.com", "https://api.anthropic.com/v1/models", "x-api-key"],
    [
      "ANTHROPIC",
      "https://api.anthropic.com/v1",
      "https://api.anthropic.com/v1/models",
      "x-api-key",
    ],
  ] as const)("%s at %s lists models at %s", (provider, base, url, header) => {
    const request = modelListRequest(provider, base, "k", {});
    expect(request.url).toBe(url);
    expect(Object.keys(request.headers)).toContain(header);
  });
});
