import { randomBytes } from "node:crypto";
import { inTransaction } from "@relay/db";
import { z } from "zod";
import { auditMoney, writeAudit } from "../audit.ts";
import type { ServiceContext } from "../context.ts";
import { ServiceError } from "../errors.ts";
import { usdAmount } from "../money-input.ts";
import { generateRedemptionCode } from "./code.ts";

export const MAX_BATCH = 1000;

export const generateCodesInput = z.object({
  /** USD each code is worth. */
  amount: usdAmount,
  count: z.number().int().min(1).max(MAX_BATCH, `at most ${MAX_BATCH} codes per batch`),
  expiresAt: z.date().optional(),
  /** A label for the batch; a dated random one when omitted. */
  batchId: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._-]{1,60}$/, "letters, digits, dot, dash and underscore")
    .optional(),
});

export interface GeneratedBatch {
  batchId: string;
  amount: bigint;
  expiresAt: Date | null;
  codes: string[];
}

export async function generateCodes({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: z.output<typeof generateCodesInput>;
}): Promise<GeneratedBatch> {
  if (input.amount <= 0n) throw new ServiceError("INVALID_INPUT", "The amount must be positive");
  if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) {
    throw new ServiceError("INVALID_INPUT", "The expiry must be in the future");
  }
  const batchId =
    input.batchId ?? `${new Date().toISOString().slice(0, 10)}-${randomBytes(3).toString("hex")}`;
  const codes = new Set<string>();
  while (codes.size < input.count) codes.add(generateRedemptionCode());
  return inTransaction(ctx.db, async (tx) => {
    if (input.batchId && (await tx.redemptionCode.findFirst({ where: { batchId } }))) {
      throw new ServiceError("CONFLICT", `Batch ${batchId} already exists`);
    }
    await tx.redemptionCode.createMany({
      data: [...codes].map((code) => ({
        code,
        batchId,
        amount: input.amount,
        expiresAt: input.expiresAt ?? null,
        createdById: ctx.actor.userId ?? null,
      })),
    });
    await writeAudit(tx, ctx.actor, {
      action: "redemption.generate",
      targetType: "redemption_batch",
      targetId: batchId,
      data: {
        amount: auditMoney(input.amount),
        count: input.count,
        expiresAt: input.expiresAt?.toISOString() ?? null,
      },
    });
    return { batchId, amount: input.amount, expiresAt: input.expiresAt ?? null, codes: [...codes] };
  });
}
