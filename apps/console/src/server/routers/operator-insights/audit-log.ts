import { listAuditLog, listAuditLogInput } from "@relay/services";
import { z } from "zod";
import { operatorProcedure } from "../../trpc.ts";

export const operatorAuditLogOutput = z.object({
  items: z.array(
    z.object({
      id: z.bigint(),
      createdAt: z.date(),
      actorLabel: z.string(),
      action: z.string(),
      targetType: z.string(),
      targetId: z.string().nullable(),
      tenant: z.object({ slug: z.string(), name: z.string() }).nullable(),
      tenantId: z.string().nullable(),
      /** The recorded details, as JSON text: shown, never interpreted. */
      data: z.string(),
    }),
  ),
  nextCursor: z.string().nullable(),
});

export const operatorAuditLog = operatorProcedure
  .input(listAuditLogInput)
  .output(operatorAuditLogOutput)
  .query(async ({ ctx, input }) => {
    const page = await listAuditLog({ ctx, input });
    return {
      nextCursor: page.nextCursor,
      items: page.items.map((row) => ({ ...row, data: JSON.stringify(row.data) })),
    };
  });
