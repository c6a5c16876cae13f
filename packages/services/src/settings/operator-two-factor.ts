// "Require two-factor for operators": when on, an operator without two-factor is sent to set it
// up before the operator area opens. Off by default, so a fresh install can be reached at all.
import { inTransaction } from "@relay/db";
import { writeAudit } from "../audit.ts";
import type { ServiceContext } from "../context.ts";

/** The settings row: `{ "required": boolean }`. */
export const OPERATOR_TWO_FACTOR_SETTING = "operator_two_factor";

export async function getOperatorTwoFactorRequired({
  ctx,
}: {
  ctx: Pick<ServiceContext, "db">;
}): Promise<boolean> {
  const row = await ctx.db.setting.findUnique({ where: { key: OPERATOR_TWO_FACTOR_SETTING } });
  const value = row?.value;
  return typeof value === "object" && value !== null && "required" in value
    ? value.required === true
    : false;
}

/** Audited; a no-op when unchanged. */
export async function setOperatorTwoFactorRequired({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { required: boolean };
}): Promise<boolean> {
  return inTransaction(ctx.db, async (tx) => {
    const before = await getOperatorTwoFactorRequired({ ctx: { db: tx } });
    if (before === input.required) return before;
    await tx.setting.upsert({
      where: { key: OPERATOR_TWO_FACTOR_SETTING },
      create: { key: OPERATOR_TWO_FACTOR_SETTING, value: { required: input.required } },
      update: { value: { required: input.required } },
    });
    await writeAudit(tx, ctx.actor, {
      action: "settings.operator_two_factor",
      targetType: "platform",
      data: { before, after: input.required },
    });
    return input.required;
  });
}
