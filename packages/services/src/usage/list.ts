import type { Db, Prisma, Tx, UsageRecord } from "@relay/db";
import { z } from "zod";
import { ServiceError } from "../errors.ts";

/** "<createdAt ISO>_<id>": the last row of a page; the next page starts strictly after it. */
const cursorPattern = /^(\d{4}-\d{2}-\d{2}T[\d:.]+Z)_(\d+)$/;

export const listUsageInput = z.object({
  tenantId: z.uuid(),
  apiKeyId: z.uuid().optional(),
  model: z.string().trim().min(1).max(200).optional(),
  statusMin: z.number().int().min(100).max(599).optional(),
  statusMax: z.number().int().min(100).max(599).optional(),
  from: z.coerce.date().optional(),
  /** Exclusive upper bound. */
  to: z.coerce.date().optional(),
  cursor: z.string().regex(cursorPattern, "not a usage cursor").optional(),
  limit: z.number().int().min(1).max(200).default(50),
});

export type ListUsageInput = z.input<typeof listUsageInput>;

export interface UsagePage {
  items: UsageRecord[];
  nextCursor: string | null;
}

/**
 * A tenant's request log, newest first, by keyset on (created_at desc, id desc): every page is an
 * index range scan of usage_records(tenant_id, created_at desc, id desc), however deep it goes.
 */
export async function listUsage({
  ctx,
  input,
}: {
  ctx: { db: Db | Tx };
  input: z.output<typeof listUsageInput>;
}): Promise<UsagePage> {
  const and: Prisma.UsageRecordWhereInput[] = [{ tenantId: input.tenantId }];
  if (input.apiKeyId) and.push({ apiKeyId: input.apiKeyId });
  if (input.model) and.push({ model: input.model });
  if (input.statusMin !== undefined) and.push({ status: { gte: input.statusMin } });
  if (input.statusMax !== undefined) and.push({ status: { lte: input.statusMax } });
  if (input.from) and.push({ createdAt: { gte: input.from } });
  if (input.to) and.push({ createdAt: { lt: input.to } });
  if (input.cursor) {
    const match = cursorPattern.exec(input.cursor);
    const [, at, id] = match ?? [];
    if (!at || !id) throw new ServiceError("INVALID_INPUT", "not a usage cursor");
    const createdAt = new Date(at);
    // The `lte` bound is what lets the index seek straight to the cursor; the OR alone (Prisma
    // cannot write a row comparison) makes Postgres walk every newer row first.
    and.push(
      { createdAt: { lte: createdAt } },
      { OR: [{ createdAt: { lt: createdAt } }, { createdAt, id: { lt: BigInt(id) } }] },
    );
  }
  const rows = await ctx.db.usageRecord.findMany({
    where: { AND: and },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
  });
  const items = rows.slice(0, input.limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor:
      rows.length > input.limit && last ? `${last.createdAt.toISOString()}_${last.id}` : null,
  };
}
