// Uploads are free but take room: each tenant may keep up to its storage quota (operator-set per
// tenant; 1 GiB by default, as the platform's documentation promises) in live files.
import type { Db, Tx } from "@relay/db";
import { DEFAULT_STORAGE_QUOTA_BYTES } from "@relay/services/fine-tune-defaults";
import { OpenAIError } from "../http/openai-error.ts";

export interface StorageRoom {
  quota: bigint;
  used: bigint;
}

export async function storageRoom(db: Db | Tx, tenantId: string): Promise<StorageRoom> {
  const [tenant, used] = await Promise.all([
    db.tenant.findUnique({ where: { id: tenantId }, select: { storageQuotaBytes: true } }),
    db.upstreamObject.aggregate({
      where: { tenantId, kind: "FILE", deletedAt: null },
      _sum: { bytes: true },
    }),
  ]);
  return {
    quota: tenant?.storageQuotaBytes ?? DEFAULT_STORAGE_QUOTA_BYTES,
    used: used._sum.bytes ?? 0n,
  };
}

export function overQuota(room: StorageRoom, adding: bigint): OpenAIError | undefined {
  if (room.used + adding <= room.quota) return undefined;
  return new OpenAIError(
    400,
    `Uploading this file (${adding} bytes) would exceed your organization's storage quota of ${room.quota} bytes (${room.used} bytes in use). Delete files you no longer need, or ask the platform operator for a larger quota.`,
    "invalid_request_error",
    "storage_quota_exceeded",
    "file",
  );
}
