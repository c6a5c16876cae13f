import { inTransaction } from "@relay/db";
import { z } from "zod";
import { writeAudit } from "../audit.ts";
import type { ServiceContext } from "../context.ts";
import { ServiceError } from "../errors.ts";

export const disableCodeInput = z.object({ codeId: z.uuid() });

/** Disables an unredeemed code; a redeemed one stays as it is (its money has moved). */
export async function disableCode({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: z.output<typeof disableCodeInput>;
}): Promise<{ id: string; state: "DISABLED" }> {
  return inTransaction(ctx.db, async (tx) => {
    const updated = await tx.redemptionCode.updateMany({
      where: { id: input.codeId, state: "ACTIVE" },
      data: { state: "DISABLED" },
    });
    if (updated.count === 0) {
      const code = await tx.redemptionCode.findUnique({ where: { id: input.codeId } });
      if (!code) throw new ServiceError("NOT_FOUND", "No such code");
      if (code.state === "REDEEMED") {
        throw new ServiceError("CONFLICT", "This code was already redeemed");
      }
      return { id: code.id, state: "DISABLED" as const };
    }
    await writeAudit(tx, ctx.actor, {
      action: "redemption.disable",
      targetType: "redemption_code",
      targetId: input.codeId,
    });
    return { id: input.codeId, state: "DISABLED" as const };
  });
}
