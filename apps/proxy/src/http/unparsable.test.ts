// Requests Node's HTTP parser refuses before the router sees them still get OpenAI's error shape.
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "../testing/harness.ts";

let h: Harness;
let port: number;

beforeAll(async () => {
  h = await startHarness();
  port = Number(new URL(h.baseURL).port);
});
afterAll(() => h.close());

async function raw(request: string): Promise<string> {
  const socket = net.connect(port, "127.0.0.1");
  socket.write(request);
  let answer = "";
  for await (const chunk of socket) answer += chunk.toString();
  return answer;
}

describe("requests the HTTP parser refuses", () => {
  it("an unknown method gets a 400 with an OpenAI error body, then the connection closes", async () => {
    const answer = await raw("FOO /v1/models HTTP/1.1\r\nhost: x\r\n\r\n");
    const [head = "", body = ""] = answer.split("\r\n\r\n");
    expect(head).toMatch(/^HTTP\/1\.1 400 /);
    expect(head.toLowerCase()).toContain("connection: close");
    expect(JSON.parse(body)).toMatchObject({
      error: {
        message: "The request could not be parsed as HTTP/1.1.",
        type: "invalid_request_error",
        param: null,
        code: null,
      },
    });
  });

  it("headers past Node's limit get a 431 in the same shape", async () => {
    const answer = await raw(`GET /v1/models HTTP/1.1\r\nx-big: ${"a".repeat(20_000)}\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    expect(JSON.parse(answer.split("\r\n\r\n")[1] ?? "").error.type).toBe("invalid_request_error");
  });
});
