import type { Db, Tx, UsageRecord } from "@relay/db";
import { ServiceError } from "../errors.ts";

/** One request of a tenant's log by its request id; another tenant's id reads as not found. */
export async function getUsageRecord({
  ctx,
  input,
}: {
  ctx: { db: Db | Tx };
  input: { tenantId: string; requestId: string };
}): Promise<UsageRecord & { apiKey: { name: string; prefix: string } }> {
  const record = await ctx.db.usageRecord.findFirst({
    where: { tenantId: input.tenantId, requestId: input.requestId },
  });
  if (!record) throw new ServiceError("NOT_FOUND", "No such request");
  const apiKey = await ctx.db.apiKey.findUniqueOrThrow({
    where: { id: record.apiKeyId },
    select: { name: true, prefix: true },
  });
  return { ...record, apiKey };
}
