import { formatUsd } from "@relay/billing";
import type { RedemptionState } from "@relay/db";
import { z } from "zod";
import type { ServiceContext } from "../context.ts";

export const listCodesInput = z.object({
  batchId: z.string().trim().min(1).max(60).optional(),
  state: z.enum(["ACTIVE", "REDEEMED", "DISABLED", "EXPIRED"]).optional(),
  limit: z.number().int().min(1).max(500).default(100),
  /** The last id of the previous page. */
  cursor: z.uuid().optional(),
});

export interface CodeRow {
  id: string;
  code: string;
  batchId: string;
  amount: bigint;
  state: RedemptionState;
  expiresAt: Date | null;
  createdAt: Date;
  redeemedAt: Date | null;
  redeemedByTenant: { id: string; name: string } | null;
}

/** EXPIRED is not stored: it is an ACTIVE code whose expiry has passed. */
function stateFilter(state: z.output<typeof listCodesInput>["state"], now: Date) {
  if (state === "EXPIRED") return { state: "ACTIVE" as const, expiresAt: { lte: now } };
  if (state === "ACTIVE") {
    return { state: "ACTIVE" as const, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] };
  }
  return state ? { state } : {};
}

export async function listCodes({
  ctx,
  input,
}: {
  ctx: Pick<ServiceContext, "db">;
  input: z.output<typeof listCodesInput>;
}): Promise<{ rows: CodeRow[]; nextCursor: string | null }> {
  const rows = await ctx.db.redemptionCode.findMany({
    where: {
      ...(input.batchId ? { batchId: input.batchId } : {}),
      ...stateFilter(input.state, new Date()),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
    ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
    select: {
      id: true,
      code: true,
      batchId: true,
      amount: true,
      state: true,
      expiresAt: true,
      createdAt: true,
      redeemedAt: true,
      redeemedByTenant: { select: { id: true, name: true } },
    },
  });
  const page = rows.slice(0, input.limit);
  return { rows: page, nextCursor: rows.length > input.limit ? (page.at(-1)?.id ?? null) : null };
}

export interface BatchRow {
  batchId: string;
  amount: bigint;
  total: number;
  redeemed: number;
  createdAt: Date;
  expiresAt: Date | null;
}

/** Batches, newest first, with how many of their codes were redeemed. */
export async function listBatches({
  ctx,
}: {
  ctx: Pick<ServiceContext, "db">;
}): Promise<BatchRow[]> {
  const rows = await ctx.db.$queryRaw<
    {
      batch_id: string;
      amount: bigint;
      total: bigint;
      redeemed: bigint;
      created_at: Date;
      expires_at: Date | null;
    }[]
  >`
    SELECT batch_id, max(amount) AS amount, count(*) AS total,
           count(*) FILTER (WHERE state = 'REDEEMED') AS redeemed,
           min(created_at) AS created_at, max(expires_at) AS expires_at
    FROM redemption_codes GROUP BY batch_id ORDER BY min(created_at) DESC LIMIT 200`;
  return rows.map((r) => ({
    batchId: r.batch_id,
    amount: BigInt(r.amount),
    total: Number(r.total),
    redeemed: Number(r.redeemed),
    createdAt: r.created_at,
    expiresAt: r.expires_at,
  }));
}

function csvField(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** A batch as CSV: code, amount in USD, state, expiry, redeemed at. */
export async function exportBatchCsv({
  ctx,
  input,
}: {
  ctx: Pick<ServiceContext, "db">;
  input: { batchId: string };
}): Promise<string> {
  const rows = await ctx.db.redemptionCode.findMany({
    where: { batchId: input.batchId },
    orderBy: { code: "asc" },
  });
  const lines = rows.map((r) =>
    [
      r.code,
      formatUsd(r.amount),
      r.state,
      r.expiresAt?.toISOString() ?? "",
      r.redeemedAt?.toISOString() ?? "",
    ]
      .map(csvField)
      .join(","),
  );
  return `${["code", "amount_usd", "state", "expires_at", "redeemed_at"].join(",")}\n${lines.join("\n")}${lines.length ? "\n" : ""}`;
}
