// Request bodies from clients without a valid key, and bodies built to hurt: a bearer key is
// refused before its body is read, and bodies too deep, not UTF-8 or over the limit get clean
// OpenAI-shaped 4xx answers instead of 5xx or a connection reset.
import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "../testing/harness.ts";
import { JSON_DEPTH_LIMIT } from "./body.ts";

let h: Harness;
let port: number;

beforeAll(async () => {
  h = await startHarness();
  port = new URL(h.baseURL).port ? Number(new URL(h.baseURL).port) : 80;
});

afterAll(async () => {
  await h.close();
});

const BAD_KEY = "sk-relay-notARealKey0000000000000000000000000000";
const MB = 1024 * 1024;

interface RawAnswer {
  status: number;
  body: Record<string, unknown>;
}

/**
 * A hand-driven HTTP/1.1 client: sends the head, then whatever `send` writes, and resolves
 * `answer` with the first complete response and `closed` once the server ends the connection.
 */
function rawCall(head: string, send: (socket: Socket) => void) {
  const socket = connect(port, "127.0.0.1");
  socket.on("error", () => {});
  let received = Buffer.alloc(0);
  const answer = new Promise<RawAnswer>((resolve, reject) => {
    socket.on("data", (data: Buffer) => {
      received = Buffer.concat([received, data]);
      const end = received.indexOf("\r\n\r\n");
      if (end === -1) return;
      const headText = received.subarray(0, end).toString("latin1");
      const length = Number(/content-length: *(\d+)/i.exec(headText)?.[1]);
      const body = received.subarray(end + 4);
      if (body.length < length) return;
      resolve({
        status: Number(headText.split(" ")[1]),
        body: JSON.parse(body.subarray(0, length).toString("utf8")) as Record<string, unknown>,
      });
    });
    socket.on("close", () => reject(new Error(`closed before an answer: ${received}`)));
  });
  const closed = new Promise<void>((resolve) => {
    socket.on("end", resolve);
    socket.on("close", resolve);
  });
  socket.write(head);
  send(socket);
  return { socket, answer, closed };
}

function postHead(length: number | "chunked", key: string | undefined = BAD_KEY) {
  return [
    "POST /v1/chat/completions HTTP/1.1",
    "host: relay.test",
    "content-type: application/json",
    length === "chunked" ? "transfer-encoding: chunked" : `content-length: ${length}`,
    ...(key ? [`authorization: Bearer ${key}`] : []),
    "",
    "",
  ].join("\r\n");
}

/** Writes `chunk` for as long as the socket takes it (until the server closes it). */
function keepSending(socket: Socket, chunk: Buffer, total = Number.POSITIVE_INFINITY) {
  let sent = 0;
  const pump = () => {
    while (sent < total && socket.writable) {
      sent += chunk.length;
      if (!socket.write(chunk)) {
        socket.once("drain", pump);
        return;
      }
    }
  };
  pump();
}

const invalidKey = {
  error: {
    message: expect.stringContaining("Incorrect API key provided: sk-relay-notA****0000"),
    type: "invalid_request_error",
    param: null,
    code: "invalid_api_key",
  },
};

describe("a bad bearer key is refused before the body is read", () => {
  it("answers 401 while most of a 10 MB body has not even been sent", async () => {
    const call = rawCall(postHead(10 * MB), (socket) => socket.write('{"model":"gpt-4o-mini",'));
    expect(await call.answer).toMatchObject({ status: 401, body: invalidKey });
    // The server does not wait for the rest: it ends the connection.
    await call.closed;
  });

  it("a client still sending its body receives the 401, then the connection is closed", async () => {
    const call = rawCall(postHead(10 * MB), (socket) =>
      keepSending(socket, Buffer.alloc(64 * 1024, 0x20), 10 * MB),
    );
    expect(await call.answer).toMatchObject({ status: 401, body: invalidKey });
    await call.closed;
  });

  it("a client that never stops sending gets its 401 and is cut off", async () => {
    const call = rawCall(postHead("chunked"), (socket) =>
      keepSending(socket, Buffer.from(`10000\r\n${" ".repeat(0x10000)}\r\n`)),
    );
    expect(await call.answer).toMatchObject({ status: 401, body: invalidKey });
    await call.closed;
    expect(call.socket.writable).toBe(false);
  });

  it("the header's key wins over a body key", async () => {
    const { key } = await h.tenant();
    const response = await fetch(`${h.baseURL}/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${BAD_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "gpt-4o-mini", messages: [], api_secret_key: key }),
    });
    expect(response.status).toBe(401);
  });

  it("the legacy body key still works without an Authorization header, allow-list included", async () => {
    const fenced = await h.tenant({ ips: ["10.1.2.0/24"] });
    const local = await h.tenant({ ips: ["127.0.0.1", "::1"] });
    const post = (key: string) =>
      fetch(`${h.baseURL}/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          model: "gpt-4o-mini",
          messages: [{ role: "user", content: "hi" }],
          api_secret_key: key,
        }),
      });
    expect((await post(fenced.key)).status).toBe(403);
    const ok = await post(local.key);
    expect(ok.status).toBe(200);
    await ok.text();
  });
});

describe("bodies built to hurt", () => {
  let key: string;
  beforeAll(async () => {
    key = (await h.tenant()).key;
  });

  async function post(body: string | Buffer) {
    const response = await fetch(`${h.baseURL}/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  /** A chat call whose tool schema nests arrays of arrays until the body is `depth` deep. */
  function withToolSchema(depth: number): string {
    // The body, tools, the tool and its function are four levels; each schema level is one more.
    const levels = depth - 4;
    const schema = `${'{"type":"array","items":'.repeat(levels - 1)}{"type":"string"}${"}".repeat(levels - 1)}`;
    return `{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"deep","parameters":${schema}}}]}`;
  }

  const tooDeep = {
    error: {
      message: `The JSON body nests objects and arrays more than ${JSON_DEPTH_LIMIT} levels deep.`,
      type: "invalid_request_error",
      param: null,
      code: "json_too_deep",
    },
  };

  it(`a tool schema nested to the limit (${JSON_DEPTH_LIMIT}) is served`, async () => {
    expect((await post(withToolSchema(JSON_DEPTH_LIMIT))).status).toBe(200);
  });

  it("one level deeper is a 400", async () => {
    expect(await post(withToolSchema(JSON_DEPTH_LIMIT + 1))).toMatchObject({
      status: 400,
      body: tooDeep,
    });
  });

  it.each([5_000, 100_000])("nesting %i deep is a 400, not a 5xx", async (depth) => {
    expect(await post(withToolSchema(depth))).toMatchObject({
      status: 400,
      body: tooDeep,
    });
    const content = `${"[".repeat(depth)}${"]".repeat(depth)}`;
    expect(
      await post(`{"model":"gpt-4o-mini","messages":[{"role":"user","content":${content}}]}`),
    ).toMatchObject({ status: 400, body: tooDeep });
  });

  it("brackets inside strings do not count", async () => {
    const content = `${"[{".repeat(1_000)}\\"${"]".repeat(1_000)}`;
    const answer = await post(
      `{"model":"gpt-4o-mini","messages":[{"role":"user","content":"${content}"}]}`,
    );
    expect(answer.status).toBe(200);
  });

  it.each<[string, Buffer, string | null]>([
    [
      "invalid UTF-8",
      Buffer.concat([
        Buffer.from('{"model":"gpt-4o-mini","messages":[{"role":"user","content":"'),
        Buffer.from([0xff, 0xfe, 0xc3]),
        Buffer.from('"}]}'),
      ]),
      "invalid_encoding",
    ],
    ["an overlong UTF-8 encoding", Buffer.from([0x7b, 0xc0, 0xaf, 0x7d]), "invalid_encoding"],
    ["malformed JSON", Buffer.from('{"model":'), null],
    ["unbalanced brackets", Buffer.from("]]]]{"), null],
    ["a JSON array", Buffer.from("[]"), null],
  ])("%s is a 400", async (_name, body, code) => {
    const answer = await post(body);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      error: { message: expect.any(String), type: "invalid_request_error", param: null, code },
    });
  });

  it("a chunked body over the limit gets its 413 instead of a reset", async () => {
    const chunk = Buffer.from(`100000\r\n${" ".repeat(0x100000)}\r\n`);
    const call = rawCall(postHead("chunked", key), (socket) => keepSending(socket, chunk, 12 * MB));
    expect(await call.answer).toMatchObject({
      status: 413,
      body: {
        error: {
          message: "Request body too large: the limit is 10 MB.",
          type: "invalid_request_error",
          param: null,
          code: "request_too_large",
        },
      },
    });
    await call.closed;
  });
});
