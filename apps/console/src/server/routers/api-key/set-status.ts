import { updateApiKey } from "@relay/services";
import { z } from "zod";
import { tenantRoleProcedure } from "../../trpc.ts";
import { apiKeyListOutput } from "./list.ts";

export const apiKeySetStatusInput = z.object({
  keyId: z.uuid(),
  status: z.enum(["ACTIVE", "DISABLED"]),
});

/** Disable (reversibly) or enable a key; revoking stays its own, final, procedure. */
export const apiKeySetStatus = tenantRoleProcedure("ADMIN")
  .input(apiKeySetStatusInput)
  .output(apiKeyListOutput.element)
  .mutation(({ ctx, input }) =>
    updateApiKey({
      ctx,
      input: { tenantId: ctx.membership.tenantId, keyId: input.keyId, status: input.status },
    }),
  );
