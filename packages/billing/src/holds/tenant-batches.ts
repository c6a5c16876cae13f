// Every hold of a tenant moves that tenant's one balance, so reservations of keys without a budget
// go in batches per tenant: while one batch of a tenant is being reserved, the calls arriving
// meanwhile wait together and go in the next. The store decides, in arrival order, which fit.
import type { HoldRequest, HoldResult } from "./types.ts";

interface Waiting {
  request: HoldRequest;
  resolve(result: HoldResult): void;
  reject(error: unknown): void;
}

/** Reserves one tenant's batch; answers one result per request, in the same order. */
export type ReserveBatch = (tenantId: string, requests: HoldRequest[]) => Promise<HoldResult[]>;

export function batchPerTenant(
  reserveBatch: ReserveBatch,
  maxBatch = 256,
): (request: HoldRequest) => Promise<HoldResult> {
  const queues = new Map<string, Waiting[]>();

  async function drain(tenantId: string, queue: Waiting[]): Promise<void> {
    while (queue.length > 0) {
      const batch = queue.splice(0, maxBatch);
      try {
        const results = await reserveBatch(
          tenantId,
          batch.map((w) => w.request),
        );
        batch.forEach((w, i) => {
          w.resolve(results[i] ?? { ok: false, reason: "balance" });
        });
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
    queues.delete(tenantId);
  }

  return (request) =>
    new Promise<HoldResult>((resolve, reject) => {
      const waiting = queues.get(request.tenantId);
      if (waiting) {
        waiting.push({ request, resolve, reject });
        return;
      }
      const queue: Waiting[] = [{ request, resolve, reject }];
      queues.set(request.tenantId, queue);
      void drain(request.tenantId, queue);
    });
}
