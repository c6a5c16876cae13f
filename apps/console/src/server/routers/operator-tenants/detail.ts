import { getTenantDetail, listApiKeys } from "@relay/services";
import { z } from "zod";
import { operatorProcedure } from "../../trpc.ts";

export const operatorTenantDetailOutput = z.object({
  tenant: z.object({
    id: z.uuid(),
    name: z.string(),
    slug: z.string(),
    status: z.enum(["ACTIVE", "SUSPENDED"]),
    suspendedReason: z.string().nullable(),
    suspendedAt: z.date().nullable(),
    /** "code" and "msg" in JSON answers; null follows the platform. */
    codeMsg: z.boolean().nullable(),
    balance: z.bigint(),
    held: z.bigint(),
    createdAt: z.date(),
    priceGroup: z
      .object({ id: z.uuid(), name: z.string(), multiplierPpm: z.number().int() })
      .nullable(),
  }),
  members: z.array(
    z.object({
      userId: z.uuid(),
      email: z.string(),
      name: z.string().nullable(),
      role: z.enum(["OWNER", "ADMIN", "DEVELOPER"]),
    }),
  ),
  keys: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      prefix: z.string(),
      status: z.enum(["ACTIVE", "DISABLED", "REVOKED"]),
      lastUsedAt: z.date().nullable(),
      createdAt: z.date(),
    }),
  ),
});

/** A tenant as operators see it: balance, held, plan, members and keys (never key hashes). */
export const operatorTenantDetail = operatorProcedure
  .input(z.object({ tenantId: z.uuid() }))
  .output(operatorTenantDetailOutput)
  .query(async ({ ctx, input }) => {
    const detail = await getTenantDetail({ ctx, input });
    const keys = await listApiKeys({ ctx, input });
    return { ...detail, keys };
  });
