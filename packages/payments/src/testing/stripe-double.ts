// A local stand-in for Stripe's API, for tests and the embedded default: Checkout Session create
// and retrieve over Stripe's own wire format (form-encoded requests, JSON answers, bearer key),
// so the real `stripe` SDK talks to it unchanged (host/port/protocol). Tests complete sessions
// and build events with it; webhooks are then signed with the SDK's generateTestHeaderString.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface DoubleSession {
  id: string;
  object: "checkout.session";
  mode: string;
  status: "open" | "complete" | "expired";
  payment_status: "unpaid" | "paid" | "no_payment_required";
  amount_total: number | null;
  currency: string | null;
  client_reference_id: string | null;
  metadata: Record<string, string>;
  payment_intent: string | null;
  payment_method_types: string[];
  success_url: string | null;
  cancel_url: string | null;
  url: string | null;
  created: number;
  livemode: false;
}

export interface StripeDouble {
  apiBase: string;
  sessions: Map<string, DoubleSession>;
  /** The raw parameters of every session created, as the SDK sent them. */
  created: Record<string, unknown>[];
  /** Marks a session paid (or completed but unpaid, for delayed methods) and returns it. */
  complete(id: string, options?: { paid?: boolean }): DoubleSession;
  /** A Stripe event of this type about this object, as a webhook body. */
  event(type: string, object: unknown): string;
  close(): Promise<void>;
}

const id = (prefix: string) => `${prefix}_test_${randomBytes(12).toString("hex")}`;

/** Stripe's form encoding: a[b][0][c]=1 -> { a: { b: [ { c: "1" } ] } }. */
export function parseStripeForm(body: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const path = key.replace(/\]/g, "").split("[");
    let node: Record<string, unknown> | unknown[] = root;
    path.forEach((part, i) => {
      const last = i === path.length - 1;
      const nextIsIndex = /^\d+$/.test(path[i + 1] ?? "");
      const container = node as Record<string, unknown>;
      if (last) {
        container[part] = value;
        return;
      }
      container[part] ??= nextIsIndex ? [] : {};
      node = container[part] as Record<string, unknown>;
    });
  }
  return root;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export async function startStripeDouble(options: {
  secretKey: string;
  port?: number;
}): Promise<StripeDouble> {
  const sessions = new Map<string, DoubleSession>();
  const created: Record<string, unknown>[] = [];
  let base = "";

  const server: Server = createServer(async (req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${options.secretKey}`) {
      send(401, { error: { type: "invalid_request_error", message: "Invalid API Key provided" } });
      return;
    }
    const url = new URL(req.url ?? "/", base);
    if (req.method === "POST" && url.pathname === "/v1/checkout/sessions") {
      const params = parseStripeForm(await readBody(req));
      created.push(params);
      const items = (params.line_items ?? []) as {
        price_data?: { currency?: string; unit_amount?: string };
        quantity?: string;
      }[];
      const first = items[0];
      const amount = Number(first?.price_data?.unit_amount ?? 0) * Number(first?.quantity ?? 1);
      const session: DoubleSession = {
        id: id("cs"),
        object: "checkout.session",
        mode: String(params.mode ?? "payment"),
        status: "open",
        payment_status: "unpaid",
        amount_total: amount,
        currency: first?.price_data?.currency ?? null,
        client_reference_id:
          typeof params.client_reference_id === "string" ? params.client_reference_id : null,
        metadata: (params.metadata ?? {}) as Record<string, string>,
        payment_intent: null,
        payment_method_types: ((params.allowed_payment_method_types ?? ["card"]) as string[]).map(
          String,
        ),
        success_url: typeof params.success_url === "string" ? params.success_url : null,
        cancel_url: typeof params.cancel_url === "string" ? params.cancel_url : null,
        url: null,
        created: Math.floor(Date.now() / 1000),
        livemode: false,
      };
      session.url = `${base}/pay/${session.id}`;
      sessions.set(session.id, session);
      send(200, session);
      return;
    }
    const match = /^\/v1\/checkout\/sessions\/([^/]+)$/.exec(url.pathname);
    if (req.method === "GET" && match?.[1]) {
      const session = sessions.get(match[1]);
      if (session) send(200, session);
      else
        send(404, {
          error: {
            type: "invalid_request_error",
            message: `No such checkout.session: '${match[1]}'`,
          },
        });
      return;
    }
    send(404, {
      error: {
        type: "invalid_request_error",
        message: `Unrecognized request URL (${req.method}: ${url.pathname})`,
      },
    });
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    apiBase: base,
    sessions,
    created,
    complete(sessionId, opts = {}) {
      const session = sessions.get(sessionId);
      if (!session) throw new Error(`No session ${sessionId}`);
      session.status = "complete";
      session.payment_status = opts.paid === false ? "unpaid" : "paid";
      session.payment_intent ??= id("pi");
      return { ...session };
    },
    event(type, object) {
      return JSON.stringify({
        id: id("evt"),
        object: "event",
        api_version: "2025-01-01",
        created: Math.floor(Date.now() / 1000),
        livemode: false,
        pending_webhooks: 1,
        request: { id: null, idempotency_key: null },
        type,
        data: { object },
      });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
