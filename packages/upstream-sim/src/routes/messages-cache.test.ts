import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startUpstreamSim, type UpstreamSim } from "../server.ts";

let sim: UpstreamSim;

beforeAll(async () => {
  sim = await startUpstreamSim();
});
afterAll(() => sim.close());

interface Usage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

async function usage(body: Record<string, unknown>): Promise<Usage> {
  const res = await fetch(`${sim.url}/messages`, {
    method: "POST",
    headers: {
      "x-api-key": "sk-ant-test",
      "anthropic-version": "2023-06-01",
      "content-type": "application/json",
    },
    body: JSON.stringify({ model: "claude-sonnet-4-5", max_tokens: 64, ...body }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { usage: Usage }).usage;
}

const manual = "The manual. ".repeat(200);
const cached = (question: string) => ({
  system: [{ type: "text", text: manual, cache_control: { type: "ephemeral" } }],
  messages: [{ role: "user", content: question }],
});

describe("prompt caching", () => {
  it("writes a marked prefix once, then reads it; the three counts add up to the uncached one", async () => {
    const plain = await usage({ system: manual, messages: [{ role: "user", content: "Q1?" }] });
    const first = await usage(cached("Q1?"));
    const second = await usage(cached("Q2, a different question?"));

    expect(plain.cache_creation_input_tokens + plain.cache_read_input_tokens).toBe(0);
    expect(first.cache_creation_input_tokens).toBeGreaterThan(500);
    expect(first.cache_read_input_tokens).toBe(0);
    expect(first.input_tokens + first.cache_creation_input_tokens).toBe(plain.input_tokens);
    expect(second.cache_read_input_tokens).toBe(first.cache_creation_input_tokens);
    expect(second.cache_creation_input_tokens).toBe(0);
  });

  it("reports the cache in a stream's message_start", async () => {
    await usage(cached("warm"));
    const res = await fetch(`${sim.url}/messages`, {
      method: "POST",
      headers: {
        "x-api-key": "sk-ant-test",
        "anthropic-version": "2023-06-01",
        "content-type": "application/json",
      },
      body: JSON.stringify({
        model: "claude-sonnet-4-5",
        max_tokens: 64,
        stream: true,
        ...cached("streamed"),
      }),
    });
    const start = (await res.text()).split("\n\n")[0] ?? "";
    const data = JSON.parse(/^data: (.*)$/m.exec(start)?.[1] ?? "{}");
    expect(data.message.usage.cache_read_input_tokens).toBeGreaterThan(500);
  });
});
