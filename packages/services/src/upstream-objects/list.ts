import type { Db, Tx } from "@relay/db";
import { DEFAULT_STORAGE_QUOTA_BYTES } from "./defaults.ts";

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/**
 * A tenant's files and fine-tuning jobs as the proxy last recorded them (newest first, at most
 * `limit` of each), and its storage: bytes of live files against its quota.
 */
export async function listTenantObjects({
  ctx,
  input,
}: {
  ctx: { db: Db | Tx };
  input: { tenantId: string; limit?: number };
}) {
  const { tenantId } = input;
  const take = input.limit ?? 100;
  const [files, jobs, tenant, used] = await Promise.all([
    ctx.db.upstreamObject.findMany({
      where: { tenantId, kind: "FILE", deletedAt: null },
      orderBy: { createdAt: "desc" },
      take,
    }),
    ctx.db.upstreamObject.findMany({
      where: { tenantId, kind: "FINE_TUNING_JOB" },
      orderBy: { createdAt: "desc" },
      take,
    }),
    ctx.db.tenant.findUnique({ where: { id: tenantId }, select: { storageQuotaBytes: true } }),
    ctx.db.upstreamObject.aggregate({
      where: { tenantId, kind: "FILE", deletedAt: null },
      _sum: { bytes: true },
    }),
  ]);
  return {
    storage: {
      used: used._sum.bytes ?? 0n,
      quota: tenant?.storageQuotaBytes ?? DEFAULT_STORAGE_QUOTA_BYTES,
    },
    files: files.map((f) => ({
      id: f.upstreamId,
      filename: f.filename ?? "",
      purpose: f.purpose ?? "",
      bytes: f.bytes,
      createdAt: f.createdAt,
    })),
    jobs: jobs.map((j) => {
      const snapshot = record(j.snapshot);
      const trained = snapshot.trained_tokens;
      const model = snapshot.fine_tuned_model;
      return {
        id: j.upstreamId,
        model: j.baseModel ?? "",
        status: j.status ?? "queued",
        fineTunedModel: typeof model === "string" ? model : null,
        trainedTokens: typeof trained === "number" ? trained : null,
        /** Micro-dollars held while the job runs. */
        held: j.charged === null ? j.holdAmount : 0n,
        /** Micro-dollars charged once it ended; null while it runs. */
        charged: j.charged,
        createdAt: j.createdAt,
      };
    }),
  };
}
