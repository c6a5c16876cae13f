// A local stand-in for Stripe's API, for tests and the embedded default: Checkout Session create
// and retrieve over Stripe's own wire format (form-encoded requests, JSON answers, bearer key),
// so the real `stripe` SDK talks to it unchanged (host/port/protocol). Tests complete sessions
// and build events with it; webhooks are then signed with the SDK's generateTestHeaderString.
// Given a webhook endpoint, it also stands in for Stripe's hosted Checkout page (`/pay/:id`, the
// session's `url`): paying there completes the session, delivers the signed
// `checkout.session.completed` event to the endpoint, and sends the browser to success_url.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";

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

export interface DoubleWebhook {
  /** Where events go, e.g. the console's /api/stripe/webhook. */
  url: string;
  /** The endpoint's signing secret (STRIPE_WEBHOOK_SECRET). */
  secret: string;
}

export async function startStripeDouble(options: {
  secretKey: string;
  port?: number;
  webhook?: DoubleWebhook;
}): Promise<StripeDouble> {
  const sessions = new Map<string, DoubleSession>();
  const created: Record<string, unknown>[] = [];
  let base = "";

  const server: Server = createServer(async (req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    // The hosted page is opened by the payer's browser: no API key, like checkout.stripe.com.
    if (req.url?.startsWith("/pay/")) {
      await hostedPage(req, res);
      return;
    }
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

  const complete = (sessionId: string, opts: { paid?: boolean } = {}): DoubleSession => {
    const session = sessions.get(sessionId);
    if (!session) throw new Error(`No session ${sessionId}`);
    session.status = "complete";
    session.payment_status = opts.paid === false ? "unpaid" : "paid";
    session.payment_intent ??= id("pi");
    return { ...session };
  };
  const event = (type: string, object: unknown): string =>
    JSON.stringify({
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

  /** Delivers an event to the webhook endpoint, signed as Stripe signs it; returns its status. */
  const deliver = async (webhook: DoubleWebhook, payload: string): Promise<number> => {
    const signature = new Stripe(options.secretKey).webhooks.generateTestHeaderString({
      payload,
      secret: webhook.secret,
    });
    const response = await fetch(webhook.url, {
      method: "POST",
      headers: { "content-type": "application/json", "stripe-signature": signature },
      body: payload,
    });
    await response.arrayBuffer();
    return response.status;
  };

  async function hostedPage(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const html = (status: number, body: string) => {
      res.writeHead(status, { "content-type": "text/html; charset=utf-8" });
      res.end(`<!doctype html><html><head><meta charset="utf-8"><title>Checkout (Stripe double)</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem}
button{font-size:1rem;padding:.6rem 1.2rem;margin-right:.5rem}</style></head><body>${body}</body></html>`);
    };
    const redirect = (to: string) => {
      res.writeHead(303, { location: to });
      res.end();
    };
    const url = new URL(req.url ?? "/", base);
    const [, , sessionId = "", action] = url.pathname.split("/");
    const session = sessions.get(sessionId);
    if (!session) return html(404, "<h1>No such checkout session</h1>");
    if (req.method === "GET" && !action) {
      if (session.status !== "open") return html(410, "<h1>This checkout session has ended</h1>");
      const amount = ((session.amount_total ?? 0) / 100).toFixed(2);
      const methods = session.payment_method_types
        .map(
          (method, i) =>
            `<label><input type="radio" name="method" value="${escapeHtml(method)}"${i === 0 ? " checked" : ""}> ${escapeHtml(method)}</label><br>`,
        )
        .join("");
      return html(
        200,
        `<h1>Pay ${escapeHtml((session.currency ?? "").toUpperCase())} ${amount}</h1>
<p data-testid="double-session">${escapeHtml(session.id)}</p>
<form method="post" action="/pay/${escapeHtml(session.id)}/pay">${methods}
<button type="submit">Pay</button></form>
<form method="post" action="/pay/${escapeHtml(session.id)}/cancel"><button type="submit">Cancel</button></form>`,
      );
    }
    if (req.method === "POST" && action === "cancel") {
      return redirect(session.cancel_url ?? "about:blank");
    }
    if (req.method === "POST" && action === "pay") {
      if (session.status !== "open") return html(410, "<h1>This checkout session has ended</h1>");
      const method = new URLSearchParams(await readBody(req)).get("method");
      if (method && session.payment_method_types.includes(method)) {
        session.payment_method_types = [method];
      }
      const paid = complete(session.id);
      if (options.webhook) {
        const status = await deliver(
          options.webhook,
          event("checkout.session.completed", paid),
        ).catch(() => 0);
        if (status !== 200) return html(502, `<h1>Webhook delivery failed (${status})</h1>`);
      }
      const success = (session.success_url ?? "about:blank").replace(
        "{CHECKOUT_SESSION_ID}",
        session.id,
      );
      return redirect(success);
    }
    return html(405, "<h1>Method not allowed</h1>");
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    apiBase: base,
    sessions,
    created,
    complete,
    event,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );
}
