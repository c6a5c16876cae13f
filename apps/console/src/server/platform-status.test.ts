import { createServer, type Server, type Socket } from "node:net";
import { createDb, type Db } from "@relay/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pingDatabase, readPlatformStatus } from "./platform-status.ts";

function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("the vitest global setup provides DATABASE_URL");
  return url;
}

describe("readPlatformStatus", () => {
  let db: Db;
  beforeAll(() => {
    db = createDb(databaseUrl(), { max: 2 });
  });
  afterAll(async () => {
    await db.$disconnect();
  });

  it("counts tenants, models and channels, enabled ones apart", async () => {
    const before = await readPlatformStatus({ db: () => db });
    if (!before.ok) throw new Error(before.error);
    const slug = `status-${Date.now()}`;
    await db.tenant.create({ data: { name: "Status test", slug } });
    await db.model.createMany({
      data: [
        { id: `${slug}-on`, enabled: true },
        { id: `${slug}-off`, enabled: false },
      ],
    });
    await db.channel.create({
      data: {
        name: slug,
        provider: "OPENAI",
        baseUrl: "http://127.0.0.1:1/v1",
        credentialCiphertext: "unused",
        credentialHint: "unused",
        status: "DISABLED",
      },
    });

    const after = await readPlatformStatus({ db: () => db });
    if (!after.ok) throw new Error(after.error);
    expect(after.counts.tenants).toBe(before.counts.tenants + 1);
    expect(after.counts.models.total).toBe(before.counts.models.total + 2);
    expect(after.counts.models.enabled).toBe(before.counts.models.enabled + 1);
    expect(after.counts.channels.total).toBe(before.counts.channels.total + 1);
    expect(after.counts.channels.enabled).toBe(before.counts.channels.enabled);
    expect(await pingDatabase({ db: () => db })).toEqual({ ok: true });
  });
});

describe("an unreachable database", () => {
  it("is a value when nothing listens on the port", async () => {
    const dead = createDb("postgresql://relay:relay@127.0.0.1:1/relay", { max: 1 });
    const status = await readPlatformStatus({ db: () => dead });
    expect(status.ok).toBe(false);
    expect((await pingDatabase({ db: () => dead })).ok).toBe(false);
    await dead.$disconnect();
  });

  it("is a value when the database cannot even be configured", async () => {
    const status = await readPlatformStatus({
      db: () => {
        throw new Error("DATABASE_URL is not set");
      },
    });
    expect(status).toMatchObject({ ok: false, error: "DATABASE_URL is not set" });
  });

  describe("that accepts connections but never answers", () => {
    let silent: Server;
    let port = 0;
    const sockets = new Set<Socket>();
    beforeAll(async () => {
      silent = createServer((socket) => {
        sockets.add(socket);
      });
      await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
      const address = silent.address();
      if (address === null || typeof address === "string") throw new Error("no TCP address");
      port = address.port;
    });
    afterAll(async () => {
      // The client is still waiting for an answer: cut it off, or close() would wait for it.
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    });

    it("gives up after the timeout instead of hanging the page", async () => {
      const hung = createDb(`postgresql://relay:relay@127.0.0.1:${port}/relay`, { max: 1 });
      const started = Date.now();
      const status = await readPlatformStatus({ db: () => hung, timeoutMs: 300 });
      expect(status).toMatchObject({ ok: false });
      expect(Date.now() - started).toBeLessThan(2_000);
    });
  });
});
