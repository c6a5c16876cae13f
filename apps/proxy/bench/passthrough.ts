// The floor for any gateway on this machine: a proxy that forwards each request to the upstream
// with undici's Pool.request and streams the answer back, with no auth, billing or routing.
// Run: UPSTREAM_ORIGIN=http://127.0.0.1:4010 PORT=0 node --import tsx bench/passthrough.ts
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { pipeline } from "node:stream/promises";
import { Pool } from "undici";

const origin = process.env.UPSTREAM_ORIGIN;
if (!origin) throw new Error("UPSTREAM_ORIGIN is required, e.g. http://127.0.0.1:4010");

// The same pool settings as the Relay proxy's upstream pools (src/channels/pools.ts).
const upstream = new Pool(origin, { connections: null, pipelining: 1, keepAliveTimeout: 30_000 });

// Hop-by-hop headers belong to each connection, not to the message being relayed.
const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "host", "upgrade"]);

function forwardable(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value === "string" && !HOP_BY_HOP.has(name)) out[name] = value;
  }
  return out;
}

const server = createServer((req, res) => {
  upstream
    .request({
      method: req.method === "GET" ? "GET" : "POST",
      path: req.url ?? "/",
      headers: forwardable(req.headers),
      body: req.method === "GET" ? undefined : req,
    })
    .then(async (answer) => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(answer.headers)) {
        if (typeof value === "string" && !HOP_BY_HOP.has(name)) headers[name] = value;
      }
      res.writeHead(answer.statusCode, headers);
      await pipeline(answer.body, res);
    })
    .catch(() => {
      if (res.headersSent) res.destroy();
      else res.writeHead(502).end();
    });
});
server.keepAliveTimeout = 65_000;

server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  const { port } = server.address() as AddressInfo;
  console.log(`passthrough listening on http://127.0.0.1:${port}`);
});

process.once("SIGTERM", () => {
  server.close();
  server.closeAllConnections();
  void upstream.close().then(() => process.exit(0));
});
