import { inTransaction } from "@relay/db";
import { z } from "zod";
import { writeAudit } from "../audit.ts";
import type { ServiceContext } from "../context.ts";
import { ServiceError } from "../errors.ts";

export const setStorageQuotaInput = z.object({
  tenantId: z.uuid(),
  /** Bytes of live files; null: the platform default (1 GiB). */
  bytes: z
    .bigint()
    .min(0n)
    .max(1n << 50n)
    .nullable(),
});

/** Sets how many bytes of files a tenant may keep upstream; audited. */
export async function setStorageQuota({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: z.output<typeof setStorageQuotaInput>;
}): Promise<void> {
  await inTransaction(ctx.db, async (tx) => {
    const tenant = await tx.tenant.findUnique({ where: { id: input.tenantId } });
    if (!tenant) throw new ServiceError("NOT_FOUND", "No such tenant");
    await tx.tenant.update({
      where: { id: input.tenantId },
      data: { storageQuotaBytes: input.bytes },
    });
    await writeAudit(tx, ctx.actor, {
      action: "tenant.storage_quota",
      targetType: "tenant",
      targetId: input.tenantId,
      tenantId: input.tenantId,
      data: {
        before: tenant.storageQuotaBytes?.toString() ?? null,
        after: input.bytes?.toString() ?? null,
      },
    });
  });
}
