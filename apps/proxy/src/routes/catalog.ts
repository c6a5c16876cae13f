// The models the platform can serve right now: enabled, with a price, and served by at least one
// enabled channel. Cached briefly: /v1/models is polled by chat UIs.
import type { Db } from "@relay/db";

export interface CatalogModel {
  id: string;
  created: number;
  ownedBy: string;
}

export interface Catalog {
  models(): Promise<Map<string, CatalogModel>>;
}

export function createCatalog(db: Db, ttlMs = 5_000): Catalog {
  let cached: { at: number; models: Promise<Map<string, CatalogModel>> } | undefined;

  async function load(): Promise<Map<string, CatalogModel>> {
    const rows = await db.model.findMany({
      where: { enabled: true, channels: { some: { channel: { status: "ENABLED" } } } },
      orderBy: { id: "asc" },
      select: { id: true, createdAt: true, ownedBy: true },
    });
    return new Map(
      rows.map((m) => [
        m.id,
        { id: m.id, created: Math.floor(m.createdAt.getTime() / 1000), ownedBy: m.ownedBy },
      ]),
    );
  }

  return {
    models() {
      if (!cached || Date.now() - cached.at > ttlMs) {
        const models = load();
        cached = { at: Date.now(), models };
        models.catch(() => {
          cached = undefined;
        });
      }
      return cached.models;
    },
  };
}
