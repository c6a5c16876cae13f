// One keep-alive connection pool per upstream origin, shared by every call of this process.
import { Pool } from "undici";

export class UpstreamPools {
  private readonly pools = new Map<string, Pool>();

  constructor(private readonly options: { connections?: number; connectTimeoutMs?: number } = {}) {}

  get(origin: string): Pool {
    let pool = this.pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, {
        connections: this.options.connections ?? 128,
        connect: { timeout: this.options.connectTimeoutMs ?? 10_000 },
        keepAliveTimeout: 30_000,
        pipelining: 1,
      });
      this.pools.set(origin, pool);
    }
    return pool;
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((pool) => pool.close()));
    this.pools.clear();
  }
}
