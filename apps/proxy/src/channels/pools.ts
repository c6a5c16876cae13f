// One keep-alive connection pool per upstream origin, shared by every call of this process.
// Unbounded by default: a stream holds its connection for as long as it runs, so any cap is the
// number of streams a channel can carry at once, and the calls past it would wait in a queue
// with their holds placed. RELAY_UPSTREAM_CONNECTIONS caps it where an upstream needs that.
import { Pool } from "undici";

export class UpstreamPools {
  private readonly pools = new Map<string, Pool>();

  constructor(
    private readonly options: {
      /** Connections per origin; undefined: as many as the calls in flight. */
      connections?: number;
      connectTimeoutMs?: number;
    } = {},
  ) {}

  get(origin: string): Pool {
    let pool = this.pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, {
        connections: this.options.connections ?? null,
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
