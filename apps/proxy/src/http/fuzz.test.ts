// Property-based: whatever a client sends (valid calls mutated field by field: wrong types, huge
// and negative numbers, nulls, any Unicode, extra fields, deep nesting; bytes that are not UTF-8,
// truncated JSON, odd content types, headers, paths and methods), the real proxy in front of the
// simulated upstream answers a success or an error in OpenAI's shape with a 4xx (502/503/504 when
// the upstream is at fault; never a 500), stays up, and charges only the calls it answered with a
// 2xx, each exactly its usage record's price. RELAY_FUZZ_SEED and RELAY_FUZZ_RUNS explore further.
import { type IncomingHttpHeaders, request } from "node:http";
import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Harness, startHarness } from "../testing/harness.ts";

const RUNS = Number(process.env.RELAY_FUZZ_RUNS ?? 300);
const SEED = Number(process.env.RELAY_FUZZ_SEED ?? 20_261_130);

let h: Harness;
let origin: URL;
/** Pays for everything; its key may be used from anywhere. */
let payer: { tenantId: string; key: string };
/** Its key is fenced to 10.0.0.0/8, so from loopback it must never be served. */
let fenced: { tenantId: string; key: string };

beforeAll(async () => {
  h = await startHarness();
  origin = new URL(h.baseURL);
  payer = await h.tenant({ credit: "100" });
  fenced = await h.tenant({ credit: "5", ips: ["10.0.0.0/8"] });
});
afterAll(async () => {
  await h.close();
});

// ---------------------------------------------------------------------------------------------
// What a client sends

type Who = "payer" | "payer-in-body" | "fenced" | "nobody";

interface Case {
  method: string;
  path: string;
  who: Who;
  headers: Record<string, string>;
  body: Buffer;
}

/** A JSON value written verbatim into the body: numbers JSON.stringify cannot produce, nesting. */
const RAW = "\u0000raw:";
const raw = (text: string) => `${RAW}${text}\u0000`;

function serialize(value: unknown): string {
  return JSON.stringify(value).replace(/"\\u0000raw:((?:[^"\\]|\\.)*?)\\u0000"/g, (_m, text) =>
    JSON.parse(`"${text}"`),
  );
}

const deep = (depth: number, open: string, close: string) =>
  raw(open.repeat(depth) + close.repeat(depth));

const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  // Any code point, lone surrogates included.
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom("", " ", "\u0000", "\ud800", "👩‍👩‍👧‍👦", "e\u0301", "\u202e", "汉字".repeat(50)),
);

const hugeNumbers = fc.constantFrom(
  -1,
  -0,
  0,
  0.5,
  -2_147_483_649,
  2 ** 31,
  2 ** 53 + 2,
  1e308,
  -1e308,
  raw("1e999"),
  raw("-1e999"),
  raw("123456789012345678901234567890"),
  raw("1.0000000000000000000000001"),
);

/** A value of a type the field may not expect. */
const weird: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.constant(null), weight: 3 },
  { arbitrary: fc.boolean(), weight: 1 },
  { arbitrary: fc.integer(), weight: 2 },
  { arbitrary: hugeNumbers, weight: 3 },
  { arbitrary: text, weight: 3 },
  { arbitrary: fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }), weight: 2 },
  { arbitrary: fc.dictionary(text, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }), weight: 2 },
  {
    arbitrary: fc.constantFrom(
      deep(1_000, "[", "]"),
      deep(20_000, "[", "]"),
      deep(5_000, '{"a":', "}"),
      deep(100_000, "[", "]"),
    ),
    weight: 1,
  },
  // Long prompts: around and beyond a model's context window.
  { arbitrary: fc.constantFrom("word ".repeat(20_000), "word ".repeat(140_000)), weight: 1 },
);

const chatBody = fc.record(
  {
    model: fc.constantFrom("gpt-4o-mini", "gpt-4o", "gpt-3.5-turbo", "no-such-model"),
    messages: fc.array(
      fc.record({ role: fc.constantFrom("system", "user", "assistant"), content: text }),
      { minLength: 1, maxLength: 3 },
    ),
    max_tokens: fc.integer({ min: 1, max: 64 }),
    stream: fc.boolean(),
    stream_options: fc.record({ include_usage: fc.boolean() }),
    n: fc.integer({ min: 1, max: 3 }),
    temperature: fc.double({ min: 0, max: 2, noNaN: true }),
    user: text,
  },
  { requiredKeys: ["model", "messages", "max_tokens"] },
);

const completionBody = fc.record(
  {
    model: fc.constantFrom("gpt-3.5-turbo-instruct", "gpt-4o-mini"),
    prompt: fc.oneof(text, fc.array(text, { maxLength: 3 }), fc.array(fc.nat(50_000))),
    max_tokens: fc.integer({ min: 1, max: 64 }),
    stream: fc.boolean(),
    echo: fc.boolean(),
    logprobs: fc.integer({ min: 0, max: 5 }),
    suffix: text,
  },
  { requiredKeys: ["model", "prompt", "max_tokens"] },
);

const embeddingBody = fc.record(
  {
    model: fc.constant("text-embedding-3-small"),
    input: fc.oneof(text, fc.array(text, { minLength: 1, maxLength: 3 })),
    dimensions: fc.integer({ min: 1, max: 1536 }),
    encoding_format: fc.constantFrom("float", "base64"),
  },
  { requiredKeys: ["model", "input"] },
);

const imageBody = fc.record(
  {
    model: fc.constant("dall-e-3"),
    prompt: text,
    n: fc.constant(1),
    size: fc.constantFrom("1024x1024", "1792x1024"),
    quality: fc.constantFrom("standard", "hd"),
  },
  { requiredKeys: ["model", "prompt"] },
);

const moderationBody = fc.record({ model: fc.constant("omni-moderation-latest"), input: text });
const editBody = fc.record({ model: fc.constant("gpt-4o-mini"), instruction: text, input: text });

const METERED = [
  ["/v1/chat/completions", chatBody],
  ["/v1/completions", completionBody],
  ["/v1/embeddings", embeddingBody],
  ["/v1/images/generations", imageBody],
  ["/v1/moderations", moderationBody],
  ["/v1/edits", editBody],
] as const;

type Json = Record<string, unknown>;
type ValueOf<A> = A extends fc.Arbitrary<infer T> ? T : never;

/** Every place in a body a mutation can reach (top-level fields and what sits inside them). */
function places(value: unknown, at: (string | number)[] = [], depth = 0): (string | number)[][] {
  if (depth > 2 || value === null || typeof value !== "object") return [];
  const keys = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return keys.flatMap((key) => [
    [...at, key],
    ...places((value as Record<string | number, unknown>)[key], [...at, key], depth + 1),
  ]);
}

const mutation = fc.record({
  place: fc.nat(),
  op: fc.constantFrom("set", "set", "set", "delete", "wrap"),
  value: weird,
  extraKey: fc.oneof(
    fc.constantFrom("api_secret_key", "__proto__", "constructor", "stream_options", "tools"),
    text,
  ),
});

function mutate(body: Json, mutations: readonly ValueOf<typeof mutation>[]): Json {
  const out = structuredClone(body);
  for (const m of mutations) {
    const all = places(out);
    const path =
      m.place % (all.length + 1) === all.length ? [m.extraKey] : all[m.place % all.length];
    if (!path || path.length === 0) continue;
    let parent: Record<string | number, unknown> = out;
    for (const step of path.slice(0, -1)) {
      const next = parent[step];
      if (next === null || typeof next !== "object") break;
      parent = next as Record<string | number, unknown>;
    }
    const last = path[path.length - 1] as string | number;
    if (m.op === "delete") {
      if (Object.hasOwn(parent, last)) delete parent[last];
      continue;
    }
    const value = m.op === "wrap" ? [Object.hasOwn(parent, last) ? parent[last] : null] : m.value;
    // defineProperty: "__proto__" becomes a real field, as JSON.parse would make it.
    Object.defineProperty(parent, last, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

const INVALID_UTF8 = [
  [0xff],
  [0xc3],
  [0xc0, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xe2, 0x82],
];

/** What happens to the serialized bytes on the way out. */
const encoding = fc.oneof(
  { arbitrary: fc.constant({ kind: "as-is" as const }), weight: 12 },
  { arbitrary: fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }), weight: 2 },
  {
    arbitrary: fc.record({
      kind: fc.constant("bad-utf8" as const),
      at: fc.nat(),
      bytes: fc.constantFrom(...INVALID_UTF8),
    }),
    weight: 2,
  },
  { arbitrary: fc.constant({ kind: "bom" as const }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant("replace" as const),
      with: fc.oneof(
        fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
        fc
          .constantFrom(
            "",
            "null",
            "[]",
            '"text"',
            "1",
            "{",
            '{"model":',
            "[".repeat(200_000),
            `${'{"a":'.repeat(50_000)}1${"}".repeat(50_000)}`,
            `${"[".repeat(100_000)}${"]".repeat(100_000)}`,
          )
          .map((s) => Buffer.from(s)),
      ),
    }),
    weight: 2,
  },
);

function encode(json: string, how: ValueOf<typeof encoding>): Buffer {
  const bytes = Buffer.from(json);
  switch (how.kind) {
    case "as-is":
      return bytes;
    case "truncate":
      return bytes.subarray(0, how.at % Math.max(bytes.length, 1));
    case "bad-utf8": {
      const at = how.at % (bytes.length + 1);
      return Buffer.concat([bytes.subarray(0, at), Buffer.from(how.bytes), bytes.subarray(at)]);
    }
    case "bom":
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
    case "replace":
      return how.with;
  }
}

const contentType = fc.oneof(
  { arbitrary: fc.constant("application/json"), weight: 10 },
  {
    arbitrary: fc.constantFrom(
      undefined,
      "application/json; charset=utf-8",
      "APPLICATION/JSON",
      "application/json; charset=latin1",
      "application/json-patch+json",
      "application/jsonl",
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "",
    ),
    weight: 3,
  },
);

const ipText = fc.oneof(
  fc.ipV4(),
  fc.ipV6(),
  fc.constantFrom("10.1.2.3", "10.0.0.1, 127.0.0.1", "unknown", "::ffff:10.0.0.1", ""),
);

const extraHeaders = fc.dictionary(
  fc.oneof(
    fc.constantFrom(
      "x-forwarded-for",
      "x-real-ip",
      "forwarded",
      "x-sim-fault",
      "openai-organization",
    ),
    fc.stringMatching(/^x-[a-z0-9-]{1,16}$/),
  ),
  fc.oneof(ipText, fc.stringMatching(/^[\x20-\x7e]{0,60}$/)),
  { maxKeys: 3 },
);

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "PURGE"];

const segment = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9._~-]{1,24}$/),
  fc.constantFrom("gpt-4o-mini", "%2F", "%ZZ", "%E0%A4%A", "%00", "..", "%F0%9F%98%80", "a%20b"),
);

const otherPath = fc.oneof(
  fc.constantFrom(
    "/v1/models",
    "/v1/dashboard/billing/subscription",
    "/v1/dashboard/billing/usage?start_date=2024-01-01&end_date=2024-02-01",
    "/v1/dashboard/billing/usage?start_date=garbage&end_date=%ZZ",
    "/v1/dashboard/billing/nothing",
    "/healthz",
    "/",
    "//v1/chat/completions",
    "/v1/chat/completions/",
    "/V1/CHAT/COMPLETIONS",
    "/v1/chat/completions?stream=true",
    "/v1/files",
    "*",
  ),
  segment.map((s) => `/v1/models/${s}`),
  fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => `/${parts.join("/")}`),
);

const auth = fc.oneof(
  { arbitrary: fc.constant<Who>("payer"), weight: 10 },
  { arbitrary: fc.constantFrom<Who>("payer-in-body", "fenced", "nobody"), weight: 3 },
);

const badAuthorization = fc.constantFrom(
  "Bearer",
  "Bearer ",
  "Bearer sk-relay-not-a-key",
  "Basic dXNlcjpwYXNz",
  "bearer   sk-relay-",
  // UTF-8 bytes on the wire (node:http writes header values as latin1).
  Buffer.from("Bearer 👩‍👩‍👧").toString("latin1"),
);

const caseArbitrary = fc
  .record({
    target: fc.oneof(
      { arbitrary: fc.constantFrom(...METERED.keys()), weight: 8 },
      { arbitrary: otherPath, weight: 2 },
    ),
    bodies: fc.tuple(...METERED.map(([, body]) => body)),
    mutations: fc.oneof(
      { arbitrary: fc.constant([]), weight: 2 },
      { arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }), weight: 3 },
    ),
    encoding,
    method: fc.oneof(
      { arbitrary: fc.constant(null), weight: 8 },
      { arbitrary: fc.constantFrom(...METHODS), weight: 1 },
    ),
    who: auth,
    badAuthorization: fc.oneof(
      { arbitrary: fc.constant(null), weight: 10 },
      { arbitrary: badAuthorization, weight: 1 },
    ),
    contentType,
    headers: extraHeaders,
    chunked: fc.boolean(),
  })
  .map((c): Case => {
    const metered = typeof c.target === "number" ? METERED[c.target] : undefined;
    const path = metered ? metered[0] : (c.target as string);
    const base = (typeof c.target === "number" ? c.bodies[c.target] : c.bodies[0]) as Json;
    const key = c.who === "fenced" ? fenced.key : payer.key;
    const body = mutate(
      c.who === "payer-in-body" ? { ...base, api_secret_key: key } : base,
      c.mutations,
    );
    const headers: Record<string, string> = { ...c.headers };
    if (c.contentType !== undefined) headers["content-type"] = c.contentType;
    if (c.who === "payer" || c.who === "fenced") headers.authorization = `Bearer ${key}`;
    if (c.badAuthorization !== null) headers.authorization = c.badAuthorization;
    const method = c.method ?? (metered ? "POST" : "GET");
    const bytes =
      method === "GET" && !metered ? Buffer.alloc(0) : encode(serialize(body), c.encoding);
    // Framed either way; node:http would send some methods' bodies unframed otherwise.
    if (c.chunked) headers["transfer-encoding"] = "chunked";
    else headers["content-length"] = String(bytes.length);
    const out = { method, path, who: c.who, headers, body: bytes };
    return Object.assign(out, { [fc.toStringMethod]: () => describeCase(out) });
  });

/** A counterexample short enough to read: long runs of one character are counted, not shown. */
function describeCase(c: Case): string {
  const body = c.body
    .toString("utf8")
    .replace(/(.)\1{15,}/gsu, (run, ch: string) => `‹${ch}×${run.length / ch.length}›`);
  const shown = body.length > 600 ? `${body.slice(0, 600)}… (${c.body.length} bytes)` : body;
  return `${c.method} ${c.path} as ${c.who} ${JSON.stringify(c.headers)} body: ${JSON.stringify(shown)}`;
}

// ---------------------------------------------------------------------------------------------
// What comes back

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

function send(c: Pick<Case, "method" | "path" | "headers" | "body">): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: origin.hostname,
        port: origin.port,
        method: c.method,
        path: c.path,
        headers: c.headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
          }),
        );
        res.on("error", reject);
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error("no answer within 30 s")));
    req.on("error", reject);
    req.end(c.body);
  });
}

const METERED_PATHS = new Set<string>(METERED.map(([path]) => path));

function expectWellFormed(c: Case, answer: Answer, reachedUpstream: boolean): void {
  const { status } = answer;
  const text = answer.body.toString("utf8");
  if (status >= 200 && status < 300) {
    if (c.method === "HEAD") return;
    if (String(answer.headers["content-type"]).startsWith("text/event-stream")) {
      expect(text.endsWith("data: [DONE]\n\n"), "a 2xx stream ends with [DONE]").toBe(true);
    } else {
      expect(() => JSON.parse(text), "a 2xx answer is JSON").not.toThrow();
    }
    return;
  }
  // The simulator is healthy: a 5xx is the upstream's trouble only if the call reached it.
  expect(
    (status >= 400 && status < 500) || ([502, 503, 504].includes(status) && reachedUpstream),
    `status ${status} (${text.slice(0, 300)}) is a 4xx, or 502/503/504 from upstream trouble`,
  ).toBe(true);
  if (c.method === "HEAD") return;
  expect(String(answer.headers["content-type"]), `a ${status} in JSON`).toMatch(
    /^application\/json/,
  );
  const parsed = JSON.parse(text) as { error?: Record<string, unknown> };
  expect(parsed.error, text).toEqual({
    message: expect.any(String),
    type: expect.any(String),
    param: expect.toSatisfy((p: unknown) => p === null || typeof p === "string"),
    code: expect.toSatisfy((p: unknown) => p === null || typeof p === "string"),
  });
}

/** Counterexamples found by earlier runs, checked first on every run. */
function regressions(): Case[] {
  const chat = (extra: Json) =>
    JSON.stringify({ model: "gpt-4o-mini", max_tokens: 1, messages: [], ...extra });
  const call = (method: string, path: string, body: string | Buffer): Case => {
    const bytes = Buffer.from(body);
    const out: Case = {
      method,
      path,
      who: "payer",
      headers: {
        authorization: `Bearer ${payer.key}`,
        "content-type": "application/json",
        "content-length": String(bytes.length),
      },
      body: bytes,
    };
    return Object.assign(out, { [fc.toStringMethod]: () => describeCase(out) });
  };
  const deepField = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
  return [
    call("POST", "/v1/chat/completions", chat({ messages: [null] })),
    call("POST", "/v1/chat/completions", `${chat({}).slice(0, -1)},"x":${deepField}}`),
    call("POST", "/v1/embeddings", `{"model":"text-embedding-3-small","input":${deepField}}`),
    call("GET", "/v1/models/%ZZ", ""),
    call("GET", "/v1/models/%E0%A4%A", ""),
    call("POST", "/v1/chat/completions", Buffer.from([0x7b, 0xff, 0xfe, 0x7d])),
  ];
}

it(`answers ${RUNS} random and mutated requests well-formed, stays up, charges only 2xx calls`, async () => {
  const statuses = new Map<number, number>();
  let tried = 0;
  const served = new Set<string>();
  const fencedStart = await h.balance(fenced.tenantId);
  const payerStart = await h.balance(payer.tenantId);

  const property = fc.asyncProperty(caseArbitrary, async (c) => {
    tried += 1;
    const before = await h.balance(payer.tenantId);
    const forwarded = h.sim.requests.at(-1);
    const answer = await send(c);
    statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
    expectWellFormed(c, answer, h.sim.requests.at(-1) !== forwarded);
    // Still up, and still serving.
    expect(
      (await send({ method: "GET", path: "/healthz", headers: {}, body: Buffer.alloc(0) })).status,
    ).toBe(200);

    const ok = answer.status >= 200 && answer.status < 300;
    const requestId = answer.headers["x-request-id"];
    const meteredCall = c.method === "POST" && METERED_PATHS.has(c.path);
    if (ok && meteredCall) {
      expect(c.who, "a fenced key is never served from outside its network").not.toBe("fenced");
      expect(typeof requestId).toBe("string");
      served.add(String(requestId));
    }
    const after = await h.balance(payer.tenantId);
    expect(after.held, "no hold is left open").toBe(0n);
    expect(after.balance).toBe(after.ledger);
    const record =
      typeof requestId === "string"
        ? await h.db.usageRecord.findUnique({ where: { requestId } })
        : null;
    if (ok && meteredCall) {
      expect(record, "every 2xx call has its usage record").not.toBeNull();
      expect(before.balance - after.balance, "a 2xx call costs its record's price").toBe(
        record?.price,
      );
    } else {
      expect(before.balance - after.balance, `a ${answer.status} costs nothing`).toBe(0n);
      expect(record?.price ?? 0n).toBe(0n);
    }
  });

  try {
    await fc.assert(property, {
      numRuns: RUNS,
      seed: SEED,
      endOnFailure: false,
      examples: regressions().map((c) => [c]),
    });
  } finally {
    const byStatus = [...statuses.entries()].sort(([a], [b]) => a - b);
    console.log(
      `fuzz: ${tried} cases tried (seed ${SEED}); answers by status: ${byStatus.map(([s, n]) => `${s}×${n}`).join(", ")}`,
    );
  }

  // The money, once everything settled: the payer paid exactly for the calls it was served.
  await h.proxy.flush();
  const payerEnd = await h.balance(payer.tenantId);
  const records = await h.db.usageRecord.findMany({ where: { tenantId: payer.tenantId } });
  const charged = records.filter((r) => r.price > 0n);
  expect(charged.filter((r) => !served.has(r.requestId))).toEqual([]);
  expect(payerStart.balance - payerEnd.balance).toBe(records.reduce((sum, r) => sum + r.price, 0n));
  expect(payerEnd.balance).toBe(payerEnd.ledger);
  expect(payerEnd.held).toBe(0n);
  for (const tenantId of [payer.tenantId, fenced.tenantId]) {
    expect(await h.db.hold.count({ where: { tenantId, state: "HELD" } })).toBe(0);
  }
  const fencedEnd = await h.balance(fenced.tenantId);
  expect(fencedEnd).toEqual(fencedStart);
  expect(await h.db.usageRecord.count({ where: { tenantId: fenced.tenantId } })).toBe(0);
}, 300_000);
