import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import {
  errorBody,
  faultError,
  incorrectApiKey,
  invalidUrl,
  malformedJson,
  missingApiKey,
  payloadTooLarge,
  SimError,
} from "./errors.ts";
import {
  FaultSwitches,
  faultFromBody,
  faultFromHeaders,
  integerHeader,
  type RequestFault,
} from "./faults.ts";
import { newRequestId } from "./ids.ts";
import { fileRoutes } from "./objects/files.ts";
import { fineTuningRoutes } from "./objects/fine-tuning.ts";
import { DEFAULT_LOG_LIMIT, type RecordedRequest, recordRequest } from "./request-log.ts";
import { sendJson } from "./respond.ts";
import { matchPath, type Route, type SimReply } from "./route.ts";
import { audioSpeech } from "./routes/audio-speech.ts";
import { audioTranscriptions, audioTranslations } from "./routes/audio-transcriptions.ts";
import { chatCompletions } from "./routes/chat.ts";
import { completions } from "./routes/completions.ts";
import { embeddings } from "./routes/embeddings.ts";
import { imageEdits, imageVariations } from "./routes/image-edits.ts";
import { imageFile, imageGenerations } from "./routes/images.ts";
import { MESSAGES_PATH, serveMessages } from "./routes/messages.ts";
import { DEFAULT_MODELS, listModels, retrieveModel } from "./routes/models.ts";
import { moderations } from "./routes/moderations.ts";
import { responseRoutes } from "./routes/responses.ts";
import { sendEventStream, sendNamedEvents } from "./sse.ts";

export interface UpstreamSimOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default "127.0.0.1". */
  host?: string;
  /** Delay before the first byte of every API answer (default 0). */
  latencyMs?: number;
  /** Stream pacing, and how long a non-stream answer takes; 0 or unset: as fast as possible. */
  tokensPerSecond?: number;
  /** When set, only `Authorization: Bearer <apiKey>` is accepted; otherwise any non-empty key. */
  apiKey?: string;
  /** What GET /v1/models lists. Requests may name any model either way. */
  models?: readonly string[];
  /** How many recent requests `requests` keeps (default 100). */
  requestLogLimit?: number;
  /** Largest accepted body (default 32 MiB). */
  maxBodyBytes?: number;
  /**
   * Also take a request's fault on the OpenAI routes from its body (`metadata: {"sim_fault":
   * "500"}`, the `x-sim-fault` grammar), for tests that reach the simulator through a gateway.
   * Off by default.
   */
  bodyFaults?: boolean;
}

export interface UpstreamSim {
  /** The OpenAI base URL, e.g. "http://127.0.0.1:4010/v1". */
  readonly url: string;
  readonly port: number;
  readonly faults: FaultSwitches;
  /** The most recent requests, oldest first. */
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

const ROUTES: readonly Route[] = [
  listModels,
  retrieveModel,
  chatCompletions,
  completions,
  embeddings,
  imageGenerations,
  imageFile,
  imageEdits,
  imageVariations,
  audioTranscriptions,
  audioTranslations,
  audioSpeech,
  moderations,
  ...responseRoutes,
  ...fileRoutes,
  ...fineTuningRoutes,
  {
    method: "GET",
    path: "/health",
    public: true,
    handle: () => ({ kind: "json", body: { status: "ok" } }),
  },
];

interface Settings {
  latencyMs: number;
  tokensPerSecond: number;
  apiKey: string | undefined;
  models: readonly string[];
  requestLogLimit: number;
  maxBodyBytes: number;
  bodyFaults: boolean;
}

interface Instance {
  settings: Settings;
  faults: FaultSwitches;
  requests: RecordedRequest[];
  /** Anthropic prompt-cache prefixes written so far. */
  promptCache: Set<string>;
}

function findRoute(method: string, path: string) {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const params = matchPath(route.path, path);
    if (params) return { route, params };
  }
  return undefined;
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > limit) throw payloadTooLarge(limit);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text.trim() === "") return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** Bearer auth as OpenAI checks it: a missing key and a wrong key are both 401s. */
function authError(
  authorization: string | undefined,
  apiKey: string | undefined,
): SimError | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(authorization?.trim() ?? "");
  const key = match?.[1]?.trim();
  if (!key) return missingApiKey();
  if (apiKey !== undefined && key !== apiKey) return incorrectApiKey(key);
  return undefined;
}

function sendError(res: ServerResponse, error: SimError, headers: Record<string, string>): void {
  sendJson(res, error.status, errorBody(error), { ...headers, ...error.headers });
}

// Azure OpenAI: a deployment's routes, or the v1 API (the Responses API) with the deployment as
// the model.
const AZURE_PATH = /^\/openai\/(?:deployments\/([^/]+)|v1)(\/.+)$/;

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  instance: Instance,
  headers: Record<string, string>,
): Promise<void> {
  const started = Date.now();
  const { settings } = instance;
  const method = req.method ?? "GET";
  const url = new URL(req.url ?? "/", "http://sim.invalid");
  const origin = `http://${req.headers.host ?? "127.0.0.1"}`;
  // Azure OpenAI addresses a deployment in the path and sends its key as `api-key`.
  const azure = AZURE_PATH.exec(url.pathname);
  const found = findRoute(method, azure ? `/v1${azure[2]}` : url.pathname);

  // The client leaving aborts waits and stream writes (an answer sent whole has none left).
  const abort = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) abort.abort();
  });

  if (found?.route.public) {
    await writeReply(
      res,
      found.route.handle({
        body: undefined,
        params: found.params,
        origin,
        models: settings.models,
        raw: Buffer.alloc(0),
        contentType: undefined,
        query: url.searchParams,
      }),
      {},
      {
        fault: undefined,
        tokensPerSecond: 0,
        signal: abort.signal,
      },
    );
    return;
  }

  const raw = await readBody(req, settings.maxBodyBytes);
  const rawBody = raw.toString("utf8");
  const parsed = parseJson(rawBody);
  recordRequest(
    instance.requests,
    {
      method,
      path: url.pathname,
      search: url.search,
      headers: req.headers,
      body: parsed.ok ? parsed.value : undefined,
      rawBody,
      receivedAt: started,
    },
    settings.requestLogLimit,
  );

  // Anthropic's Messages API has its own key header, error shape and event framing.
  if (method === "POST" && url.pathname === MESSAGES_PATH) {
    await serveMessages({
      requestHeaders: req.headers,
      body: parsed,
      res,
      settings,
      faults: instance.faults,
      promptCache: instance.promptCache,
      signal: abort.signal,
    });
    return;
  }

  const azureKey = req.headers["api-key"];
  const denied = azure
    ? authError(typeof azureKey === "string" ? `Bearer ${azureKey}` : undefined, settings.apiKey)
    : authError(req.headers.authorization, settings.apiKey);
  if (denied) {
    sendError(res, denied, headers);
    return;
  }

  // A header fault serves this request alone; the switch is used up only when it decides.
  const fault =
    faultFromHeaders(req.headers) ??
    (settings.bodyFaults && parsed.ok ? faultFromBody(parsed.value) : undefined) ??
    instance.faults.take();
  const latency = integerHeader(req.headers, "x-sim-latency-ms") ?? settings.latencyMs;
  const tokensPerSecond =
    integerHeader(req.headers, "x-sim-tokens-per-second") ?? settings.tokensPerSecond;
  const firstByteDelay = latency + (fault?.slowFirstByteMs ?? 0);
  if (firstByteDelay > 0) {
    try {
      await sleep(firstByteDelay, undefined, { signal: abort.signal });
    } catch {
      return;
    }
  }

  if (fault?.status !== undefined) {
    sendError(res, faultError(fault.status, fault.retryAfterSeconds), headers);
    return;
  }
  if (!found) throw invalidUrl(method, url.pathname);
  if (!parsed.ok && !found.route.rawBody) throw malformedJson();
  if (azure?.[1] && !url.searchParams.get("api-version")) {
    throw new SimError(404, "Resource not found: api-version is required", { code: "404" });
  }
  if (azure?.[1] && parsed.ok && isJsonObject(parsed.value))
    parsed.value.model = decodeURIComponent(azure[1]);

  const input = {
    body: parsed.ok ? parsed.value : undefined,
    params: found.params,
    origin,
    models: settings.models,
    raw,
    contentType: req.headers["content-type"],
    query: url.searchParams,
  };
  if (found.route.prepare) input.body = await found.route.prepare(input);
  const reply = found.route.handle(input);
  await writeReply(
    res,
    reply,
    { ...headers, "openai-processing-ms": String(Date.now() - started) },
    { fault, tokensPerSecond, signal: abort.signal },
  );
}

async function writeReply(
  res: ServerResponse,
  reply: SimReply,
  headers: Record<string, string>,
  context: { fault: RequestFault | undefined; tokensPerSecond: number; signal: AbortSignal },
): Promise<void> {
  const { fault, tokensPerSecond, signal } = context;
  if (reply.kind === "stream") {
    const send = reply.named ? sendNamedEvents : sendEventStream;
    await send(res, headers, reply.events, {
      intervalMs: tokensPerSecond > 0 ? 1000 / tokensPerSecond : 0,
      resetAfterEvents: fault?.resetAfterChunks,
      omitLast: fault?.omitDone,
      signal,
    });
    return;
  }
  if (fault?.resetAfterChunks !== undefined) {
    // No stream to cut: the connection drops before any answer, like a crashed upstream.
    res.socket?.destroy();
    return;
  }
  if (reply.kind === "bytes") {
    res.writeHead(200, {
      ...headers,
      "content-type": reply.contentType,
      "content-length": String(reply.body.length),
    });
    res.end(reply.body);
    return;
  }
  // A real model takes as long to write a non-stream answer as to stream it.
  const generation =
    tokensPerSecond > 0 ? ((reply.generatedTokens ?? 0) / tokensPerSecond) * 1000 : 0;
  if (generation > 0) {
    try {
      await sleep(generation, undefined, { signal });
    } catch {
      return;
    }
  }
  sendJson(res, reply.status ?? 200, reply.body, headers);
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const address = server.address();
      if (address === null || typeof address === "string") {
        reject(new Error("the simulated upstream is not listening on a TCP port"));
        return;
      }
      resolve(address);
    });
  });
}

/** Starts a simulated OpenAI-compatible upstream; `close()` stops it and drops open sockets. */
export async function startUpstreamSim(options: UpstreamSimOptions = {}): Promise<UpstreamSim> {
  const instance: Instance = {
    settings: {
      latencyMs: options.latencyMs ?? 0,
      tokensPerSecond: options.tokensPerSecond ?? 0,
      apiKey: options.apiKey,
      models: options.models ?? DEFAULT_MODELS,
      requestLogLimit: options.requestLogLimit ?? DEFAULT_LOG_LIMIT,
      maxBodyBytes: options.maxBodyBytes ?? 32 * 1024 * 1024,
      bodyFaults: options.bodyFaults ?? false,
    },
    faults: new FaultSwitches(),
    requests: [],
    promptCache: new Set(),
  };
  const server = createServer((req, res) => {
    const headers = { "x-request-id": newRequestId(), "openai-version": "2020-10-01" };
    handle(req, res, instance, headers).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof SimError) {
        sendError(res, error, headers);
        return;
      }
      console.error("upstream-sim: request failed", error);
      sendError(res, faultError(500, 1), headers);
    });
  });
  const host = options.host ?? "127.0.0.1";
  const address = await listen(server, options.port ?? 0, host);
  const urlHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${address.port}/v1`,
    port: address.port,
    faults: instance.faults,
    requests: instance.requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
