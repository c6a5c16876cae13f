// Whether JSON answers carry the seed service's "code" and "msg" beside the OpenAI object. On by
// default, as that service sends them; the platform's setting can be overridden per tenant and
// per key (null follows the level above).
import { inTransaction, type Tenant } from "@relay/db";
import { z } from "zod";
import { writeAudit } from "../audit.ts";
import { catalogChanged } from "../catalog/changed.ts";
import type { ServiceContext } from "../context.ts";
import { ServiceError } from "../errors.ts";

/** The settings row of the platform-wide switch: `{ "enabled": boolean }`. */
export const CODE_MSG_SETTING = "code_msg";

/** Read from a settings row's value; anything but an explicit false leaves it on. */
export function codeMsgEnabled(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return true;
  return (value as { enabled?: unknown }).enabled !== false;
}

export async function getPlatformCodeMsg({
  ctx,
}: {
  ctx: Pick<ServiceContext, "db">;
}): Promise<boolean> {
  const row = await ctx.db.setting.findUnique({ where: { key: CODE_MSG_SETTING } });
  return codeMsgEnabled(row?.value);
}

export const setPlatformCodeMsgInput = z.object({ enabled: z.boolean() });

/** Turns the fields on or off platform-wide; proxies apply it to calls admitted after. Audited. */
export async function setPlatformCodeMsg({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: z.output<typeof setPlatformCodeMsgInput>;
}): Promise<boolean> {
  return inTransaction(ctx.db, async (tx) => {
    const before = await getPlatformCodeMsg({ ctx: { db: tx } });
    if (before === input.enabled) return before;
    await tx.setting.upsert({
      where: { key: CODE_MSG_SETTING },
      create: { key: CODE_MSG_SETTING, value: { enabled: input.enabled } },
      update: { value: { enabled: input.enabled } },
    });
    await catalogChanged(tx);
    await writeAudit(tx, ctx.actor, {
      action: "settings.code_msg",
      targetType: "platform",
      data: { before, after: input.enabled },
    });
    return input.enabled;
  });
}

export const setTenantCodeMsgInput = z.object({
  tenantId: z.uuid(),
  /** null: follow the platform. */
  codeMsg: z.boolean().nullable(),
});

/** A tenant's override; its keys' cached records are dropped in every proxy. Audited. */
export async function setTenantCodeMsg({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: z.output<typeof setTenantCodeMsgInput>;
}): Promise<Tenant> {
  return inTransaction(ctx.db, async (tx) => {
    const tenant = await tx.tenant.findUnique({ where: { id: input.tenantId } });
    if (!tenant) throw new ServiceError("NOT_FOUND", "No such tenant");
    if (tenant.codeMsg === input.codeMsg) return tenant;
    const updated = await tx.tenant.update({
      where: { id: tenant.id },
      data: { codeMsg: input.codeMsg },
    });
    const keys = await tx.apiKey.findMany({
      where: { tenantId: tenant.id, status: { not: "REVOKED" } },
      select: { keyHash: true },
    });
    for (const key of keys) {
      await tx.$executeRaw`SELECT pg_notify('relay_api_key_changed', ${key.keyHash})`;
    }
    await writeAudit(tx, ctx.actor, {
      action: "tenant.code_msg",
      targetType: "tenant",
      targetId: tenant.id,
      tenantId: tenant.id,
      data: { before: tenant.codeMsg, after: input.codeMsg },
    });
    return updated;
  });
}
