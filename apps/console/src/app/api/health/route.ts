import { getDb } from "@relay/db";
import { pingDatabase } from "@/server/platform-status.ts";

export const dynamic = "force-dynamic";

/** Liveness for load balancers and docker-compose: 200 when the database answers, 503 when not. */
export async function GET(): Promise<Response> {
  const result = await pingDatabase({ db: getDb });
  if (result.ok) return Response.json({ ok: true });
  console.error(`[health] database check failed: ${result.error}`);
  return Response.json({ ok: false, error: "database unreachable" }, { status: 503 });
}
