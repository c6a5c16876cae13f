import { setStorageQuota } from "@relay/services";
import { z } from "zod";
import { operatorProcedure } from "../../trpc.ts";

/** A tenant's storage quota in whole MiB (empty: the 1 GiB default); audited by the verb. */
export const operatorFineTuningSetQuota = operatorProcedure
  .input(
    z.object({
      tenantId: z.uuid(),
      mib: z
        .number()
        .int()
        .min(0)
        .max(1 << 30)
        .nullable(),
    }),
  )
  .output(z.object({ ok: z.literal(true) }))
  .mutation(async ({ ctx, input }) => {
    await setStorageQuota({
      ctx,
      input: {
        tenantId: input.tenantId,
        bytes: input.mib === null ? null : BigInt(input.mib) * 1024n * 1024n,
      },
    });
    return { ok: true as const };
  });
