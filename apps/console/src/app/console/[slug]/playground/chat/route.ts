// The playground's one call: the signed-in member's chat, sent to the proxy with a key of this
// workspace that the member pasted (keys are stored hashed, so the console has none of its own),
// streamed back as the proxy sends it. The proxy meters and charges it like any other call.
import { getDb } from "@relay/db";
import { isActiveTenantKey } from "@relay/services";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { env } from "@/env.ts";
import { getSession } from "@/server/auth/get-session.ts";
import { createCaller } from "@/server/root.ts";
import { createContext } from "@/server/trpc.ts";

export const dynamic = "force-dynamic";

const chatInput = z.object({
  key: z.string().trim().min(1).max(200),
  model: z.string().trim().min(1).max(200),
  system: z.string().max(20_000).optional(),
  messages: z
    .array(
      z.object({ role: z.enum(["user", "assistant"]), content: z.string().min(1).max(100_000) }),
    )
    .min(1)
    .max(100),
  temperature: z.number().min(0).max(2).optional(),
  maxTokens: z.number().int().min(1).max(1_000_000).optional(),
});

export type PlaygroundInput = z.input<typeof chatInput>;

function refuse(status: number, message: string): Response {
  return Response.json({ error: { message } }, { status });
}

export async function POST(
  request: Request,
  { params }: { params: Promise<{ slug: string }> },
): Promise<Response> {
  // JSON only: a cross-site form cannot send it without the browser asking first.
  if (!request.headers.get("content-type")?.startsWith("application/json")) {
    return refuse(415, "JSON only");
  }
  const { slug } = await params;
  const db = getDb();
  const caller = createCaller(createContext({ db, session: await getSession() }));
  let tenantId: string;
  try {
    const membership = (await caller.me.get()).memberships.find((m) => m.tenant.slug === slug);
    if (!membership) return refuse(404, "Not found");
    tenantId = membership.tenant.id;
  } catch (error) {
    if (error instanceof TRPCError && error.code === "UNAUTHORIZED") {
      return refuse(401, "Sign in first");
    }
    throw error;
  }
  const parsed = chatInput.safeParse(await request.json().catch(() => null));
  if (!parsed.success) return refuse(400, "Bad request");
  const input = parsed.data;
  // Charged to the workspace on screen, never to one the member merely holds a key of.
  if (!(await isActiveTenantKey({ ctx: { db }, input: { tenantId, secret: input.key } }))) {
    return refuse(400, "not_workspace_key");
  }

  const messages = [
    ...(input.system ? [{ role: "system" as const, content: input.system }] : []),
    ...input.messages,
  ];
  const upstream = await fetch(`${env.RELAY_PROXY_PUBLIC_URL}/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${input.key}`, "content-type": "application/json" },
    body: JSON.stringify({
      model: input.model,
      messages,
      stream: true,
      stream_options: { include_usage: true },
      ...(input.temperature === undefined ? {} : { temperature: input.temperature }),
      ...(input.maxTokens === undefined ? {} : { max_tokens: input.maxTokens }),
    }),
    signal: request.signal,
  }).catch(() => undefined);
  if (!upstream) return refuse(502, "proxy_unreachable");
  return new Response(upstream.body, {
    status: upstream.status,
    headers: {
      "content-type": upstream.headers.get("content-type") ?? "application/json",
      "x-request-id": upstream.headers.get("x-request-id") ?? "",
      "cache-control": "no-store",
    },
  });
}
