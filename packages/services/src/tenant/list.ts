import type { Db, Tenant, Tx } from "@relay/db";

export async function listTenants({
  ctx,
  input,
}: {
  ctx: { db: Db | Tx };
  input: { search?: string; take?: number };
}): Promise<Tenant[]> {
  return ctx.db.tenant.findMany({
    where: input.search
      ? {
          OR: [
            { name: { contains: input.search, mode: "insensitive" } },
            { slug: { contains: input.search, mode: "insensitive" } },
          ],
        }
      : {},
    orderBy: { createdAt: "asc" },
    take: input.take ?? 100,
  });
}
