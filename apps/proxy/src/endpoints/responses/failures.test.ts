// What goes wrong costs what it should: a call refused before it is sent costs nothing, an
// upstream's error is relayed in OpenAI's shape and costs nothing, and a stream the upstream
// breaks off mid-way ends for the client too and is charged for the prompt and the text sent.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "../../testing/harness.ts";
import { MODELS, startResponsesHarness } from "./fixture.ts";

let h: Harness;

beforeAll(async () => {
  h = await startResponsesHarness();
});
afterEach(() => h.sim.faults.clear());
afterAll(async () => {
  await h.close();
});

async function unchanged(tenantId: string, before: { balance: bigint }) {
  const after = await h.balance(tenantId);
  expect(after.balance).toBe(before.balance);
  expect(after.held).toBe(0n);
}

describe("refusals and upstream errors", () => {
  it.each([
    [{ model: MODELS.chat }, { param: "input", code: "missing_required_parameter" }],
    [
      { model: MODELS.chat, input: "x", max_output_tokens: 8 },
      { param: "max_output_tokens", code: "integer_below_min_value" },
    ],
    [
      { model: MODELS.chat, input: "x", tools: [{ type: "web_search_preview" }] },
      { param: "tools[0]", code: "unsupported_value" },
    ],
  ])("%j is a 400 that costs nothing", async (body, error) => {
    const { tenantId, key } = await h.tenant();
    const before = await h.balance(tenantId);
    const sent = h.sim.requests.length;
    await expect(h.client(key).responses.create(body as never)).rejects.toMatchObject({
      status: 400,
      ...error,
    });
    expect(h.sim.requests.length).toBe(sent);
    await unchanged(tenantId, before);
  });

  it("relays an upstream's refusal: a conversation the upstream no longer has", async () => {
    const { tenantId, key } = await h.tenant();
    const client = h.client(key);
    const first = await client.responses.create({ model: MODELS.native, input: "Hello" });
    // Gone upstream, though Relay still knows whose it was.
    await fetch(`${h.sim.url}/responses/${first.id}`, {
      method: "DELETE",
      headers: { authorization: "Bearer sk-sim" },
    });
    const before = await h.balance(tenantId);
    await expect(
      client.responses.create({
        model: MODELS.native,
        previous_response_id: first.id,
        input: "Still there?",
      }),
    ).rejects.toMatchObject({ status: 400, code: "previous_response_not_found" });
    await unchanged(tenantId, before);
  });
});

describe.each([
  ["an OpenAI channel", MODELS.native],
  ["a translated channel", MODELS.chat],
])("a stream broken off by %s", (_name, model) => {
  it("breaks off for the client and is charged for the prompt and the text sent", async () => {
    const { tenantId, key } = await h.tenant();
    const before = await h.balance(tenantId);
    h.sim.faults.set({ resetMidStream: true, afterChunks: 6, times: 1 });
    const stream = await h.client(key).responses.create({
      model,
      input: "Tell me a long story",
      stream: true,
    });
    let text = "";
    const read = async () => {
      for await (const event of stream) {
        if (event.type === "response.output_text.delta") text += event.delta;
      }
    };
    await expect(read()).rejects.toThrow();
    expect(text.length).toBeGreaterThan(0);
    await h.proxy.flush();
    const record = await h.db.usageRecord.findFirstOrThrow({
      where: { tenantId },
      orderBy: { id: "desc" },
    });
    expect(record).toMatchObject({ errorCode: "stream_interrupted" });
    expect(record.promptTokens).toBeGreaterThan(0);
    expect(record.completionTokens).toBeGreaterThan(0);
    const after = await h.balance(tenantId);
    expect(before.balance - after.balance).toBe(
      BigInt(record.promptTokens) + 2n * BigInt(record.completionTokens),
    );
    expect(after.held).toBe(0n);
  });
});
