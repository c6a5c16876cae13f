import { updateApiKey, updateApiKeyInput } from "@relay/services";
import { tenantRoleProcedure } from "../../trpc.ts";
import { apiKeyListOutput } from "./list.ts";

export const apiKeyUpdateInput = updateApiKeyInput.omit({ tenantId: true, status: true });

export const apiKeyUpdateOutput = apiKeyListOutput.element;

/** Limits are what an admin hands out, so a developer cannot lift them: ADMIN, like revoke. */
export const apiKeyUpdate = tenantRoleProcedure("ADMIN")
  .input(apiKeyUpdateInput)
  .output(apiKeyUpdateOutput)
  .mutation(({ ctx, input }) =>
    updateApiKey({ ctx, input: { ...input, tenantId: ctx.membership.tenantId } }),
  );
