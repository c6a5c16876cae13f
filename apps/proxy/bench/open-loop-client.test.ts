import { createServer as createHttpServer, type Server } from "node:http";
import {
  type AddressInfo,
  createServer as createTcpServer,
  type Server as TcpServer,
} from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { type CallDone, chunkedEnd, OpenLoopClient, requestBytes } from "./open-loop-client.ts";

const servers: (Server | TcpServer)[] = [];
const clients: OpenLoopClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await Promise.all(
    servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))),
  );
});

async function listen(server: Server | TcpServer): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function clientFor(origin: string, maxConnections?: number, idleLimitMs?: number) {
  const client = new OpenLoopClient(
    {
      origin,
      path: "/v1/chat/completions",
      headers: { authorization: "Bearer k" },
      body: '{"a":1}',
    },
    maxConnections,
    idleLimitMs,
  );
  clients.push(client);
  return client;
}

type Outcome = { status: number; id: string | undefined; error?: string };
function calls(client: OpenLoopClient, n: number): Promise<Outcome[]> {
  return Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<Outcome>((resolve) => {
          const done: CallDone = (status, id, error) =>
            resolve({ status, id, error: error?.message });
          client.call(done);
        }),
    ),
  );
}

describe("OpenLoopClient", () => {
  it("sends the request as given and reads content-length answers on kept-alive connections", async () => {
    let served = 0;
    const sockets = new Set<unknown>();
    const seen: { method?: string; url?: string; auth?: string; type?: string; body: string }[] =
      [];
    const origin = await listen(
      createHttpServer((req, res) => {
        sockets.add(req.socket);
        let body = "";
        req.on("data", (chunk) => {
          body += chunk;
        });
        req.on("end", () => {
          seen.push({
            method: req.method,
            url: req.url,
            auth: req.headers.authorization,
            type: req.headers["content-type"],
            body,
          });
          served++;
          const status = served % 5 === 0 ? 429 : 200;
          res.writeHead(status, {
            "x-request-id": `req_${served}`,
            "content-type": "application/json",
          });
          res.end(JSON.stringify({ n: served }));
        });
      }),
    );
    const client = clientFor(origin, 3);
    const outcomes = await calls(client, 20);
    expect(outcomes.filter((o) => o.status === 200)).toHaveLength(16);
    expect(outcomes.filter((o) => o.status === 429)).toHaveLength(4);
    // Only 2xx answers name their request id; every one is distinct.
    const ids = outcomes.filter((o) => o.status === 200).map((o) => o.id);
    expect(new Set(ids).size).toBe(16);
    expect(outcomes.filter((o) => o.status === 429).every((o) => o.id === undefined)).toBe(true);
    expect(sockets.size).toBeLessThanOrEqual(3);
    expect(seen[0]).toEqual({
      method: "POST",
      url: "/v1/chat/completions",
      auth: "Bearer k",
      type: "application/json",
      body: '{"a":1}',
    });
  });

  it("reads chunked answers however the bytes are split", async () => {
    const origin = await listen(
      createHttpServer((req, res) => {
        req.resume();
        req.on("end", () => {
          res.writeHead(200, { "x-request-id": "req_chunked" });
          res.write('{"part":');
          setTimeout(() => res.end('"two"}'), 5);
        });
      }),
    );
    const outcomes = await calls(clientFor(origin, 2), 6);
    expect(outcomes).toEqual(Array(6).fill({ status: 200, id: "req_chunked", error: undefined }));
  });

  it("reads an answer delimited by the connection's close, and reports a connection cut mid-answer", async () => {
    let n = 0;
    const origin = await listen(
      createTcpServer((socket) => {
        socket.once("data", () => {
          n++;
          if (n === 1) {
            socket.end("HTTP/1.1 200 OK\r\nx-request-id: req_close\r\nconnection: close\r\n\r\n{}");
          } else {
            socket.write("HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{");
            socket.destroy();
          }
        });
      }),
    );
    const client = clientFor(origin, 1);
    expect(await calls(client, 1)).toEqual([{ status: 200, id: "req_close", error: undefined }]);
    const [cut] = await calls(client, 1);
    expect(cut?.status).toBe(0);
    expect(cut?.error).toBe("connection closed");
  });

  it("does not reuse a connection idle for longer than a server may keep it", async () => {
    const sockets = new Set<unknown>();
    const origin = await listen(
      createHttpServer((req, res) => {
        sockets.add(req.socket);
        req.resume();
        req.on("end", () => res.writeHead(200, { "x-request-id": "req_idle" }).end("{}"));
      }),
    );
    const client = clientFor(origin, 4, 50);
    expect(await calls(client, 1)).toEqual([{ status: 200, id: "req_idle", error: undefined }]);
    expect(await calls(client, 1)).toEqual([{ status: 200, id: "req_idle", error: undefined }]);
    expect(sockets.size).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(await calls(client, 1)).toEqual([{ status: 200, id: "req_idle", error: undefined }]);
    expect(sockets.size).toBe(2);
  });

  it("finds where a chunked body ends, trailers and partial buffers included", () => {
    const body = Buffer.from("4\r\nWiki\r\n5;x=y\r\npedia\r\n0\r\n\r\n");
    expect(chunkedEnd(body, 0)).toBe(body.length);
    expect(chunkedEnd(body.subarray(0, body.length - 1), 0)).toBe(-1);
    expect(chunkedEnd(Buffer.from("4\r\nWi"), 0)).toBe(-1);
    const trailed = Buffer.from("3\r\nabc\r\n0\r\nx-trailer: 1\r\n\r\n");
    expect(chunkedEnd(trailed, 0)).toBe(trailed.length);
    expect(() => chunkedEnd(Buffer.from("zz\r\n"), 0)).toThrow("malformed chunk size");
  });

  it("builds the request with its length and the client's headers", () => {
    const bytes = requestBytes({
      origin: "http://127.0.0.1:4010",
      path: "/v1/x",
      headers: { authorization: "Bearer k" },
      body: '{"é":1}',
    }).toString("utf8");
    expect(bytes).toBe(
      'POST /v1/x HTTP/1.1\r\nhost: 127.0.0.1:4010\r\ncontent-type: application/json\r\nauthorization: Bearer k\r\ncontent-length: 8\r\n\r\n{"é":1}',
    );
  });
});
