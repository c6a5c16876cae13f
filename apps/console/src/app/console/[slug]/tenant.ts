import { notFound } from "next/navigation";
import { cache } from "react";
import { serverCaller } from "@/server/caller.ts";

/**
 * The signed-in person's membership of the workspace in the URL; not a member reads as 404.
 * Cached per request, so the layout and the page share one lookup.
 */
export const currentMembership = cache(async (slug: string) => {
  const me = await (await serverCaller()).me.get();
  const membership = me.memberships.find((m) => m.tenant.slug === slug);
  if (!membership) notFound();
  return { me, membership };
});
