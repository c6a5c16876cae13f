import type { ServiceContext } from "../context.ts";
import { hashApiKey } from "./secret.ts";

/**
 * Whether a pasted secret is an active key of this tenant: the console's playground sends calls
 * only with such a key, so a member's call is charged to the workspace on screen and no other.
 */
export async function isActiveTenantKey({
  ctx,
  input,
}: {
  ctx: Pick<ServiceContext, "db">;
  input: { tenantId: string; secret: string };
}): Promise<boolean> {
  const key = await ctx.db.apiKey.findFirst({
    where: { tenantId: input.tenantId, keyHash: hashApiKey(input.secret), status: "ACTIVE" },
    select: { id: true },
  });
  return key !== null;
}
