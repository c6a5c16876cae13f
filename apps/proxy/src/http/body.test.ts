// A body the client stopped sending: whether it left before the reader started (while its key
// was checked) or while it read, the read ends with a 400 rather than waiting for events that
// will never come.
import { createServer, type IncomingMessage, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { readJsonBody } from "./body.ts";
import { OpenAIError } from "./openai-error.ts";

let server: Server | undefined;

afterEach(() => {
  server?.closeAllConnections();
  server?.close();
});

/**
 * Serves one request whose client leaves as soon as the server has it, and reads its body only
 * after the request has closed, as the gateway does when a key check outlasts the client.
 */
function readAfterClientLeft(): Promise<unknown> {
  return new Promise((resolve) => {
    let leave = () => {};
    const listening = createServer((req: IncomingMessage) => {
      req.once("close", () => {
        readJsonBody(req, 1024 * 1024).then(resolve, resolve);
      });
      leave();
    });
    server = listening;
    listening.listen(0, "127.0.0.1", () => {
      const { port } = listening.address() as AddressInfo;
      const client = request({
        port,
        method: "POST",
        path: "/v1/chat/completions",
        headers: { "content-type": "application/json", "content-length": "100" },
      });
      client.on("error", () => {});
      leave = () => client.destroy();
      client.write('{"model":"gpt-4o-mini"');
    });
  });
}

describe("readJsonBody", () => {
  it("refuses a body whose client left before it was read, instead of waiting forever", async () => {
    const outcome = await readAfterClientLeft();
    expect(outcome).toBeInstanceOf(OpenAIError);
    expect((outcome as OpenAIError).status).toBe(400);
    expect((outcome as OpenAIError).message).toBe("The request body was not received in full.");
  });
});
