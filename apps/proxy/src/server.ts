// The gateway's HTTP server: plain node:http and a small route table. Every error a client sees
// is in OpenAI's shape, and every response carries x-request-id. /healthz (alive) and /readyz
// (able to serve) need no key; /metrics is served on a port of its own (listenMetrics).
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { hostname } from "node:os";
import type { Duplex } from "node:stream";
import { decodeBalanceNotice, isUnavailable } from "@relay/billing/hot-path";
import { authorize, bearerToken } from "./auth/authenticate.ts";
import { clientAddressOf, resolveClientAddress, trustProxies } from "./auth/client-address.ts";
import {
  BALANCE_CHANNEL,
  CATALOG_CHANNEL,
  type ChangeHandlers,
  KEY_CHANNEL,
} from "./auth/revocations.ts";
import { type CallContext, handleMetered } from "./call/pipeline.ts";
import { startHealthReports } from "./channels/health-report.ts";
import { startProber } from "./channels/probe.ts";
import { audioSpeech } from "./endpoints/audio/speech.ts";
import { audioTranscriptions, audioTranslations } from "./endpoints/audio/transcriptions.ts";
import { chatCompletions } from "./endpoints/chat.ts";
import { completions } from "./endpoints/completions.ts";
import { billingSubscription, billingUsage } from "./endpoints/dashboard.ts";
import { edits } from "./endpoints/edits.ts";
import { embeddings } from "./endpoints/embeddings.ts";
import { imageEdits, imageVariations } from "./endpoints/image-uploads.ts";
import { imageGenerations } from "./endpoints/images.ts";
import { countMessageTokens } from "./endpoints/messages/count-tokens.ts";
import { messages } from "./endpoints/messages/endpoint.ts";
import { listModels, retrieveModel } from "./endpoints/models.ts";
import { moderations } from "./endpoints/moderations.ts";
import { responses } from "./endpoints/responses/create.ts";
import { RESPONSE_PATH, serveResponseObject } from "./endpoints/responses/objects.ts";
import type { MeteredEndpoint } from "./endpoints/types.ts";
import { createGateway, type Gateway, type GatewayOptions } from "./gateway.ts";
import { codeMsgFor, optOutOfCodeMsg, useCodeMsg } from "./http/code-msg.ts";
import { errors, OpenAIError, sendError, sendJson } from "./http/openai-error.ts";
import { discardUnreadBody } from "./http/unread-body.ts";
import { withOwnedModels } from "./objects/fine-tuned-models.ts";
import { startJobPoller } from "./objects/job-poller.ts";
import { objectRouteName, routeObjects } from "./objects/router.ts";
import { recordCall } from "./observability/access-log.ts";
import { serveMetrics } from "./observability/metrics.ts";

export interface ProxyOptions extends GatewayOptions {
  /**
   * Reverse proxies (addresses and CIDRs) whose X-Forwarded-For / X-Real-IP name the client;
   * empty or absent: the socket's peer is the client. An invalid entry throws here.
   */
  trustedProxies?: readonly string[];
  /** How often running fine-tuning jobs are refreshed and settled when ended (0: never). */
  jobPollMs?: number;
}

export interface ProxyServer {
  server: Server;
  gateway: Gateway;
  listen(port: number, host?: string): Promise<{ url: string; port: number }>;
  /** Serves GET /metrics on its own port (RELAY_METRICS_PORT); closed with the proxy. */
  listenMetrics(port: number, host?: string): Promise<{ url: string; port: number }>;
  /** Waits until every settlement queued so far is committed. */
  flush(): Promise<void>;
  /** Graceful stop: no new connections, in-flight calls finish, settlements are flushed. */
  close(): Promise<void>;
}

const METERED: Record<string, MeteredEndpoint> = {
  "/v1/chat/completions": chatCompletions,
  "/v1/completions": completions,
  "/v1/embeddings": embeddings,
  "/v1/images/generations": imageGenerations,
  "/v1/moderations": moderations,
  "/v1/edits": edits,
  "/v1/audio/transcriptions": audioTranscriptions,
  "/v1/audio/translations": audioTranslations,
  "/v1/audio/speech": audioSpeech,
  "/v1/images/edits": imageEdits,
  "/v1/images/variations": imageVariations,
  "/v1/responses": responses,
  "/v1/messages": messages,
};

const COUNT_TOKENS_PATH = "/v1/messages/count_tokens";

const MODEL_PATH = /^\/v1\/models\/(.+)$/;

/** A request's route as a metrics label (bounded: never the raw path); undefined for probes. */
function endpointOf(path: string): string | undefined {
  if (path === "/healthz" || path === "/readyz") return undefined;
  if (METERED[path] || path === "/v1/models" || path === COUNT_TOKENS_PATH) return path;
  if (path === "/v1/dashboard/billing/subscription" || path === "/v1/dashboard/billing/usage") {
    return path;
  }
  if (RESPONSE_PATH.test(path)) return "/v1/responses/{id}";
  const object = objectRouteName(path);
  if (object) return object;
  return MODEL_PATH.test(path) ? "/v1/models/{model}" : "other";
}

function decodeComponent(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/**
 * A request Node's HTTP parser refused (an unknown method, a malformed header, headers too large)
 * never reaches the router: it still gets an OpenAI-shaped error, then the connection closes.
 */
function answerUnparsable(
  error: Error & { code?: string },
  socket: Duplex,
  codeMsg: boolean,
): void {
  if (!socket.writable || error.code === "ECONNRESET") {
    socket.destroy();
    return;
  }
  const tooLarge = error.code === "HPE_HEADER_OVERFLOW";
  const message = tooLarge
    ? "The request's headers are too large."
    : "The request could not be parsed as HTTP/1.1.";
  const body = JSON.stringify({
    ...(codeMsg ? { code: tooLarge ? 431 : 400, msg: message } : {}),
    error: { message, type: "invalid_request_error", param: null, code: null },
  });
  socket.end(
    `HTTP/1.1 ${tooLarge ? "431 Request Header Fields Too Large" : "400 Bad Request"}\r\n` +
      `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
      `connection: close\r\n\r\n${body}`,
  );
}

/** What this replica does when another process changes a key or a balance. */
export function changeHandlers(gateway: Gateway): ChangeHandlers {
  return {
    [KEY_CHANNEL]: (keyHash) => gateway.keys.invalidate(keyHash),
    [CATALOG_CHANNEL]: () => gateway.catalog.changed(),
    [BALANCE_CHANNEL]: (payload) => {
      const notice = decodeBalanceNotice(payload);
      if (!notice) return;
      gateway.memoryHolds?.balanceChanged(notice);
      gateway.redisHolds?.balanceChanged(notice).catch((error: unknown) => {
        // The mirror catches up with the next notice or charge for this tenant.
        gateway.log.error(
          { err: error, tenantId: notice.tenantId },
          "Redis balance mirror not updated from a balance notice",
        );
      });
    },
  };
}

export function createProxy(options: ProxyOptions): ProxyServer {
  const trusted = trustProxies(options.trustedProxies ?? []);
  const gateway = createGateway(options);
  const { log } = gateway;
  const stopHealthReports = startHealthReports(
    options.pool,
    gateway.health,
    log,
    options.health?.reportIntervalMs,
  );
  const stopProber = startProber(
    gateway.catalog,
    gateway.health,
    gateway.pools,
    options.health?.probeIntervalMs ?? 5_000,
    log,
  );
  const stopJobPoller = startJobPoller(gateway, options.jobPollMs);
  let metricsServer: Server | undefined;
  const inFlight = new Set<Promise<void>>();
  let closing = false;

  async function route(call: CallContext): Promise<void> {
    const { req, res, requestId } = call;
    const method = req.method ?? "GET";
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    // Every route but the probes needs a key, and the key's IP allow-list applies to all of them.
    const key = async () => {
      const record = await authorize(gateway.keys, bearerToken(req), clientAddressOf(req));
      call.key = record;
      useCodeMsg(req, codeMsgFor(record, gateway.catalog.codeMsg()));
      return record;
    };

    if (path === "/healthz") {
      sendJson(res, 200, { ok: true });
      return;
    }
    if (path === "/readyz") {
      const report = await gateway.readiness.check();
      sendJson(res, report.ready ? 200 : 503, report);
      return;
    }
    // Until a key is known, the platform's switch decides whether answers carry code and msg.
    useCodeMsg(req, gateway.catalog.codeMsg());
    const metered = METERED[path];
    // Another API's routes answer every error in that API's shape.
    call.errorShape = (path === COUNT_TOKENS_PATH ? messages : metered)?.dialect?.errorShape;
    // ...and carry none of the seed service's code and msg.
    if (call.errorShape) optOutOfCodeMsg(req);
    if (method === "POST" && path === COUNT_TOKENS_PATH) {
      const counted = await countMessageTokens(gateway, req, (caller) => {
        call.key = caller;
      });
      sendJson(res, 200, counted, { "x-request-id": requestId, "request-id": requestId });
      return;
    }
    if (metered && method === "POST") {
      await handleMetered(gateway, call, metered);
      return;
    }
    // Files, fine-tuning and fine-tuned models: each only for the tenant that owns it.
    if (await routeObjects(gateway, call)) return;
    if (method === "GET" && path === "/v1/models") {
      const caller = await key();
      const list = await listModels(gateway.catalog, caller);
      sendJson(res, 200, await withOwnedModels(gateway, caller.tenantId, list), {
        "x-request-id": requestId,
      });
      return;
    }
    if (method === "GET" && path.startsWith("/v1/dashboard/billing/")) {
      const caller = await key();
      const query = new URLSearchParams((req.url ?? "").slice(path.length + 1));
      const answer =
        path === "/v1/dashboard/billing/subscription"
          ? await billingSubscription(gateway.db, caller)
          : path === "/v1/dashboard/billing/usage"
            ? await billingUsage(gateway.db, caller, query)
            : undefined;
      if (answer === undefined) throw errors.unknownRoute(method, path);
      sendJson(res, 200, answer, { "x-request-id": requestId });
      return;
    }
    const responseMatch = RESPONSE_PATH.exec(path);
    if (responseMatch?.[1]) {
      await serveResponseObject(gateway, await key(), {
        method,
        id: decodeComponent(responseMatch[1]) ?? responseMatch[1],
        inputItems: responseMatch[2] !== undefined,
        query: new URLSearchParams((req.url ?? "").slice(path.length + 1)),
        res,
        requestId,
      });
      return;
    }
    const modelMatch = method === "GET" ? MODEL_PATH.exec(path) : null;
    if (modelMatch?.[1]) {
      const caller = await key();
      // A malformed escape (%E0%A4%A) names no model: the same 404 as an unknown one.
      const id = decodeComponent(modelMatch[1]) ?? modelMatch[1];
      sendJson(res, 200, await retrieveModel(gateway.catalog, caller, id), {
        "x-request-id": requestId,
      });
      return;
    }
    throw errors.unknownRoute(method, path);
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    if (closing) res.setHeader("connection", "close");
    resolveClientAddress(req, trusted);
    const call: CallContext = {
      req,
      res,
      requestId: `req_${randomUUID().replaceAll("-", "")}`,
      receivedAt: performance.now(),
    };
    const done = route(call)
      .catch((error: unknown) => {
        // Postgres or Redis down: fail fast and retryably; nothing was forwarded or held.
        const refusal =
          error instanceof OpenAIError
            ? error
            : isUnavailable(error)
              ? errors.serviceUnavailable()
              : undefined;
        call.errorCode = refusal ? (refusal.code ?? refusal.type) : "internal_error";
        if (!refusal) log.error({ err: error, requestId: call.requestId }, "call failed");
        if (res.headersSent) {
          if (refusal) log.warn({ err: error, requestId: call.requestId }, "call broke off");
          res.destroy();
          return;
        }
        sendError(res, refusal ?? errors.internal(), call.requestId, call.errorShape);
        // A refusal can come before the body was read (a bad key): the rest is not read.
        discardUnreadBody(req, res);
      })
      .finally(() => {
        inFlight.delete(done);
        const endpoint = endpointOf((req.url ?? "/").split("?")[0] ?? "/");
        if (endpoint) recordCall(gateway, call, endpoint);
      });
    inFlight.add(done);
  }

  const server = createServer(handle);
  server.keepAliveTimeout = 65_000;
  server.on("clientError", (error: Error & { code?: string }, socket: Duplex) =>
    answerUnparsable(error, socket, gateway.catalog.codeMsg()),
  );

  return {
    server,
    gateway,
    listen(port, host = "0.0.0.0") {
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          const address = server.address() as AddressInfo;
          // Only now, with the port ours, can an earlier process of the same name be dead: its
          // holds are released at once.
          gateway.owner
            .start(options.instanceName ?? `${hostname()}:${address.port}`)
            .then((released) => {
              if (released.length > 0) {
                log.info(
                  { released: released.length },
                  "released holds left open by a stopped process",
                );
              }
              resolve({ url: `http://127.0.0.1:${address.port}/v1`, port: address.port });
            }, reject);
        });
      });
    },
    listenMetrics(port, host = "0.0.0.0") {
      const metrics = serveMetrics(gateway.metrics.registry);
      metricsServer = metrics;
      return new Promise((resolve, reject) => {
        metrics.once("error", reject);
        metrics.listen(port, host, () => {
          const address = metrics.address() as AddressInfo;
          resolve({ url: `http://127.0.0.1:${address.port}/metrics`, port: address.port });
        });
      });
    },
    flush: () => gateway.settlements.flush(),
    async close() {
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Calls in flight finish (new ones can still arrive on open keep-alive connections until
      // those close: each answer while closing says Connection: close).
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
      await gateway.settlements.close();
      // Every charge is in: this process's leases of tenants' balances go back.
      await gateway.redisHolds?.close();
      await gateway.owner.stop();
      gateway.catalog.close();
      stopProber();
      stopJobPoller();
      await stopHealthReports();
      await gateway.limiter.close();
      await gateway.pools.close();
      await gateway.redis?.quit();
      server.closeAllConnections();
      await closed;
      if (metricsServer) {
        const stopped = new Promise<void>((resolve) => metricsServer?.close(() => resolve()));
        metricsServer.closeAllConnections();
        await stopped;
      }
    },
  };
}
