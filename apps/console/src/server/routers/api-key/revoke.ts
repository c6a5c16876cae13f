import { revokeApiKey } from "@relay/services";
import { z } from "zod";
import { tenantRoleProcedure } from "../../trpc.ts";

export const apiKeyRevokeOutput = z.object({
  id: z.uuid(),
  status: z.enum(["ACTIVE", "DISABLED", "REVOKED"]),
  revokedAt: z.date().nullable(),
});

export const apiKeyRevoke = tenantRoleProcedure("ADMIN")
  .input(z.object({ keyId: z.uuid() }))
  .output(apiKeyRevokeOutput)
  .mutation(({ ctx, input }) =>
    revokeApiKey({ ctx, input: { key: input.keyId, tenantId: ctx.membership.tenantId } }),
  );
