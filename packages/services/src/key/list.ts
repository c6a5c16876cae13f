import type { ApiKey, Db, Tx } from "@relay/db";

/** A tenant's keys, newest first; the tenant filter is part of the query, never the caller's job. */
export async function listApiKeys({
  ctx,
  input,
}: {
  ctx: { db: Db | Tx };
  input: { tenantId: string };
}): Promise<Array<Omit<ApiKey, "keyHash">>> {
  return ctx.db.apiKey.findMany({
    where: { tenantId: input.tenantId },
    omit: { keyHash: true },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
}
