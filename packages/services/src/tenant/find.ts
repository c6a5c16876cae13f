import type { Db, Tenant, Tx } from "@relay/db";
import { ServiceError } from "../errors.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A tenant by id or slug, as operators type it. */
export async function findTenant({
  ctx,
  input,
}: {
  ctx: { db: Db | Tx };
  input: { tenant: string };
}): Promise<Tenant> {
  const tenant = await ctx.db.tenant.findFirst({
    where: UUID.test(input.tenant) ? { id: input.tenant } : { slug: input.tenant },
  });
  if (!tenant) throw new ServiceError("NOT_FOUND", `No tenant "${input.tenant}"`);
  return tenant;
}
