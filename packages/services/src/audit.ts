import type { Prisma, Tx } from "@relay/db";
import type { Actor } from "./context.ts";

export interface AuditInput {
  action: string;
  targetType: string;
  targetId?: string;
  tenantId?: string;
  data?: Prisma.InputJsonValue;
}

/** Call inside the transaction of the change it records, so neither exists without the other. */
export async function writeAudit(tx: Tx, actor: Actor, input: AuditInput): Promise<void> {
  await tx.auditLog.create({
    data: {
      actorId: actor.userId ?? null,
      actorLabel: actor.label,
      action: input.action,
      targetType: input.targetType,
      targetId: input.targetId ?? null,
      tenantId: input.tenantId ?? null,
      data: input.data ?? {},
    },
  });
}

/** JSON cannot hold a bigint: money goes into audit data as its decimal string. */
export function auditMoney(micros: bigint): string {
  return micros.toString();
}
