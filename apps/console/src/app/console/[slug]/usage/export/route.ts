import { getDb } from "@relay/db";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { getSession } from "@/server/auth/get-session.ts";
import { createCaller } from "@/server/root.ts";
import { usageListInput } from "@/server/routers/usage/list.ts";
import { createContext } from "@/server/trpc.ts";
import { csvRow, UTF8_BOM } from "./csv.ts";

export const dynamic = "force-dynamic";

const filters = usageListInput.omit({ cursor: true, limit: true }).extend({
  statusMin: z.coerce.number().int().optional(),
  statusMax: z.coerce.number().int().optional(),
});

const HEADER = [
  "time_utc",
  "request_id",
  "api_key",
  "key_prefix",
  "model",
  "endpoint",
  "stream",
  "status",
  "error_code",
  "prompt_tokens",
  "cached_tokens",
  "completion_tokens",
  "price_usd",
  "latency_ms",
  // Last, so the columns existing exports were read by keep their places.
  "error_message",
];

/**
 * The filtered request log as CSV, streamed in keyset pages so a million rows never sit in memory.
 * Every page goes through the same tRPC procedure as the page, so the tenant check is the same.
 */
export async function GET(
  request: Request,
  { params }: { params: Promise<{ slug: string }> },
): Promise<Response> {
  const { slug } = await params;
  const caller = createCaller(createContext({ db: getDb(), session: await getSession() }));
  const url = new URL(request.url);
  const parsed = filters.safeParse(
    Object.fromEntries([...url.searchParams].filter(([, value]) => value !== "")),
  );
  if (!parsed.success) return new Response("Bad filters\n", { status: 400 });

  let tenantId: string;
  let keys: Map<string, { name: string; prefix: string }>;
  try {
    const me = await caller.me.get();
    const membership = me.memberships.find((m) => m.tenant.slug === slug);
    if (!membership) return new Response("Not found\n", { status: 404 });
    tenantId = membership.tenant.id;
    keys = new Map((await caller.apiKey.list({ tenantId })).map((k) => [k.id, k]));
  } catch (error) {
    if (error instanceof TRPCError && error.code === "UNAUTHORIZED") {
      return new Response("Sign in first\n", { status: 401 });
    }
    throw error;
  }

  const encoder = new TextEncoder();
  let cursor: string | undefined;
  let started = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(UTF8_BOM + csvRow(HEADER)));
      }
      const page = await caller.usage.list({ ...parsed.data, tenantId, cursor, limit: 200 });
      const chunk = page.items
        .map((row) => {
          const key = keys.get(row.apiKeyId);
          return csvRow([
            row.createdAt.toISOString(),
            row.requestId,
            key?.name ?? row.apiKeyId,
            key?.prefix ?? null,
            row.model,
            row.endpoint,
            row.stream,
            row.status,
            row.errorCode,
            row.promptTokens,
            row.cachedTokens,
            row.completionTokens,
            row.price,
            row.latencyMs,
            row.errorMessage,
          ]);
        })
        .join("");
      if (chunk) controller.enqueue(encoder.encode(chunk));
      if (page.nextCursor === null) controller.close();
      else cursor = page.nextCursor;
    },
  });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="usage-${slug}-${day}.csv"`,
      "cache-control": "no-store",
    },
  });
}
