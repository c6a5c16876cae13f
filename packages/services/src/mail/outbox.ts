// The operator's view of every email the platform wrote: newest first, by keyset on
// (created_at, id) so pages stay a range scan of the created_at index however long it grows.
import type { Db, Tx } from "@relay/db";
import { z } from "zod";
import { ServiceError } from "../errors.ts";

export const listOutboxInput = z.object({
  cursor: z.string().max(100).optional(),
  limit: z.number().int().min(1).max(100).default(50),
});

export interface OutboxRow {
  id: string;
  kind: string;
  to: string;
  subject: string;
  transport: string;
  sentAt: Date | null;
  error: string | null;
  createdAt: Date;
  tenant: { id: string; slug: string; name: string } | null;
}

export type OutboxMessage = OutboxRow & { text: string; html: string | null };

const rowSelect = {
  id: true,
  kind: true,
  to: true,
  subject: true,
  transport: true,
  sentAt: true,
  error: true,
  createdAt: true,
  tenant: { select: { id: true, slug: true, name: true } },
} as const;

/** A cursor is the last row's "createdAtMs:id". */
function parseCursor(cursor: string | undefined): { at: Date; id: string } | undefined {
  if (!cursor) return undefined;
  const match = /^(\d{1,15}):([0-9a-f-]{36})$/.exec(cursor);
  if (!match?.[1] || !match[2]) throw new ServiceError("INVALID_INPUT", "Bad cursor");
  return { at: new Date(Number(match[1])), id: match[2] };
}

export async function listOutbox({
  ctx,
  input,
}: {
  ctx: { db: Db | Tx };
  input: z.output<typeof listOutboxInput>;
}): Promise<{ items: OutboxRow[]; nextCursor: string | null }> {
  const after = parseCursor(input.cursor);
  const rows = await ctx.db.emailMessage.findMany({
    where: after
      ? {
          OR: [{ createdAt: { lt: after.at } }, { createdAt: after.at, id: { lt: after.id } }],
        }
      : {},
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
    select: rowSelect,
  });
  const items = rows.slice(0, input.limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > input.limit && last ? `${last.createdAt.getTime()}:${last.id}` : null,
  };
}

export async function getOutboxMessage({
  ctx,
  input,
}: {
  ctx: { db: Db | Tx };
  input: { id: string };
}): Promise<OutboxMessage> {
  const found = await ctx.db.emailMessage.findUnique({
    where: { id: input.id },
    select: { ...rowSelect, text: true, html: true },
  });
  if (!found) throw new ServiceError("NOT_FOUND", "No such message");
  return found;
}
