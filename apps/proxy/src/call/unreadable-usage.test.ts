// An upstream 200 whose usage cannot be read is never free: a lenient server answering events or
// HTML where JSON was due, JSON without usage, a stream without its usage chunk. The tenant pays
// our count of the prompt plus our count of the text delivered, and the record says it was
// estimated.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, modelOn, startHarness } from "../testing/harness.ts";
import { countChatPromptTokens, countTextTokens } from "../tokenize/index.ts";

let h: Harness;
let lenient: Server;

const PIECES = ["Hello", " from", " a lenient", " server", "."];
const HTML =
  "<html><body><h1>Welcome to nginx!</h1><p>If you see this page, it works.</p></body></html>";
const chunk = (content: string) =>
  `data: ${JSON.stringify({ id: "c1", object: "chat.completion.chunk", choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;

/** Answers by the model asked for, each in its own wrong way. */
function answer(model: string, res: import("node:http").ServerResponse): void {
  switch (model) {
    case "lenient-events":
    case "lenient-stream":
      res.writeHead(200, { "content-type": "text/event-stream" });
      for (const piece of PIECES) res.write(chunk(piece));
      res.end("data: [DONE]\n\n");
      return;
    case "lenient-html":
      res.writeHead(200, { "content-type": "text/html" });
      res.end(HTML);
      return;
    default:
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          id: "c2",
          object: "chat.completion",
          choices: [
            {
              index: 0,
              message: { role: "assistant", content: PIECES.join("") },
              finish_reason: "stop",
            },
          ],
        }),
      );
  }
}

beforeAll(async () => {
  h = await startHarness();
  lenient = createServer((req, res) => {
    let raw = "";
    req.setEncoding("utf8");
    req.on("data", (piece: string) => {
      raw += piece;
    });
    req.on("end", () => answer((JSON.parse(raw) as { model: string }).model, res));
  });
  await new Promise<void>((resolve) => lenient.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(lenient.address() as AddressInfo).port}/v1`;
  for (const model of ["lenient-events", "lenient-html", "lenient-json", "lenient-stream"]) {
    // $1 / $2 per 1M tokens: a prompt token costs 1 micro-dollar, a completion token 2.
    await modelOn(h.db, model, [url]);
  }
  await h.proxy.gateway.catalog.refresh();
});

afterAll(async () => {
  await h.close();
  await new Promise((resolve) => lenient.close(resolve));
});

const messages = [{ role: "user", content: "Say hello from a lenient server" }];

async function call(model: string, stream: boolean) {
  const { tenantId, key } = await h.tenant({ credit: "1" });
  const before = await h.balance(tenantId);
  const response = await fetch(`${h.baseURL}/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ model, messages, stream }),
  });
  const text = await response.text();
  const after = await h.balance(tenantId);
  expect(after.held).toBe(0n);
  expect(after.balance).toBe(after.ledger);
  const record = await h.db.usageRecord.findFirstOrThrow({ where: { tenantId } });
  return { status: response.status, text, charged: before.balance - after.balance, record };
}

describe("usage the upstream did not report is charged by our count", () => {
  it.each<[string, string, boolean, string]>([
    ["events answering a non-stream call", "lenient-events", false, PIECES.join("")],
    ["an HTML page", "lenient-html", false, HTML],
    ["JSON without usage", "lenient-json", false, PIECES.join("")],
    [
      "a stream that ends with [DONE] but never sends usage",
      "lenient-stream",
      true,
      PIECES.join(""),
    ],
  ])("%s", async (_why, model, stream, delivered) => {
    const { status, text, charged, record } = await call(model, stream);
    expect(status).toBe(200);
    // The client got the upstream's answer as it was.
    if (model === "lenient-html") expect(text).toBe(HTML);
    if (stream) expect(text.endsWith("data: [DONE]\n\n")).toBe(true);
    const prompt = countChatPromptTokens(messages, model);
    const output = countTextTokens(delivered, model);
    expect(output).toBeGreaterThan(0);
    expect(charged).toBe(BigInt(prompt + 2 * output));
    expect(record).toMatchObject({
      status: 200,
      promptTokens: prompt,
      completionTokens: output,
      price: BigInt(prompt + 2 * output),
      errorCode: "usage_estimated",
    });
  });
});
