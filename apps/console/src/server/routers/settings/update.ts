import { updateTenantSettings, updateTenantSettingsInput } from "@relay/services";
import { z } from "zod";
import { tenantRoleProcedure } from "../../trpc.ts";

export const settingsUpdateOutput = z.object({
  name: z.string(),
  lowBalanceThreshold: z.bigint().nullable(),
  lowBalanceEmail: z.string().nullable(),
});

export const settingsUpdate = tenantRoleProcedure("ADMIN")
  .input(updateTenantSettingsInput.omit({ tenantId: true }))
  .output(settingsUpdateOutput)
  .mutation(({ ctx, input }) =>
    updateTenantSettings({ ctx, input: { ...input, tenantId: ctx.membership.tenantId } }),
  );
