// The gateway's HTTP server: plain node:http, one small router, OpenAI-shaped errors. Each
// route authenticates with the key cache and answers; the request id travels in x-request-id.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Db } from "@relay/db";
import { authenticate, bearerToken } from "./auth/authenticate.ts";
import { createKeyCache, type KeyCache } from "./auth/key-cache.ts";
import { errors, OpenAIError, sendError, sendJson } from "./http/openai-error.ts";
import { type Catalog, createCatalog } from "./routes/catalog.ts";
import { listModels, retrieveModel } from "./routes/models.ts";

export interface ProxyOptions {
  db: Db;
  keyCacheTtlMs?: number;
}

export interface ProxyServer {
  server: Server;
  keys: KeyCache;
  catalog: Catalog;
  listen(port: number, host?: string): Promise<{ url: string; port: number }>;
  close(): Promise<void>;
}

const MODEL_PATH = /^\/v1\/models\/(.+)$/;

export function createProxy(options: ProxyOptions): ProxyServer {
  const keys = createKeyCache(options.db, { ttlMs: options.keyCacheTtlMs });
  const catalog = createCatalog(options.db);

  async function route(
    req: IncomingMessage,
    res: ServerResponse,
    requestId: string,
  ): Promise<void> {
    const method = req.method ?? "GET";
    const path = (req.url ?? "/").split("?")[0] ?? "/";

    if (path === "/healthz") {
      sendJson(res, 200, { ok: true });
      return;
    }
    if (method === "GET" && path === "/v1/models") {
      const key = await authenticate(keys, bearerToken(req));
      sendJson(res, 200, await listModels(catalog, key), { "x-request-id": requestId });
      return;
    }
    const modelMatch = method === "GET" ? MODEL_PATH.exec(path) : null;
    if (modelMatch?.[1]) {
      const key = await authenticate(keys, bearerToken(req));
      const id = decodeURIComponent(modelMatch[1]);
      sendJson(res, 200, await retrieveModel(catalog, key, id), { "x-request-id": requestId });
      return;
    }
    throw errors.unknownRoute(method, path);
  }

  const server = createServer((req, res) => {
    const requestId = `req_${randomUUID().replaceAll("-", "")}`;
    route(req, res, requestId).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof OpenAIError) {
        sendError(res, error, requestId);
        return;
      }
      console.error(`[${requestId}]`, error);
      sendError(res, errors.internal(), requestId);
    });
  });
  server.keepAliveTimeout = 65_000;

  return {
    server,
    keys,
    catalog,
    listen(port, host = "0.0.0.0") {
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          const address = server.address() as AddressInfo;
          resolve({ url: `http://127.0.0.1:${address.port}/v1`, port: address.port });
        });
      });
    },
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
    },
  };
}
