// A response kept upstream lives in one upstream account: its follow-ups go to the channel that
// made it, even when another channel serving the model now comes first.
import { parseUsd } from "@relay/billing";
import { addChannel, setPrice } from "@relay/services";
import { startUpstreamSim, type UpstreamSim } from "@relay/upstream-sim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encryptionKey, type Harness, startHarness } from "../../testing/harness.ts";

const actor = { label: "test" };
const MODEL = "resp-two-accounts";
let h: Harness;
let other: UpstreamSim;
const channels: string[] = [];

beforeAll(async () => {
  h = await startHarness();
  other = await startUpstreamSim();
  await setPrice({
    ctx: { db: h.db, actor },
    input: { model: MODEL, scope: "SALE", input: parseUsd("1"), output: parseUsd("2") },
  });
  for (const [i, sim] of [h.sim, other].entries()) {
    const channel = await addChannel({
      ctx: { db: h.db, actor },
      input: {
        provider: "OPENAI",
        name: `account ${i}`,
        baseUrl: sim.url,
        apiKey: "upstream-secret",
        models: [{ model: MODEL, upstreamModel: null }],
        priority: i === 0 ? 2 : 1,
        weight: 1,
        config: {},
      },
      encryptionKey,
    });
    channels.push(channel.id);
  }
  await h.proxy.gateway.catalog.refresh();
});
afterAll(async () => {
  await h.close();
  await other.close();
});

describe("previous_response_id kept upstream", () => {
  it("goes to the channel that holds it, whatever the channels' order now", async () => {
    const { key } = await h.tenant();
    const client = h.client(key);
    const first = await client.responses.create({ model: MODEL, input: "Hello" });
    expect(h.sim.requests.at(-1)?.path).toBe("/v1/responses");

    // The other account now comes first for new calls.
    await h.db.channel.update({ where: { id: channels[1] }, data: { priority: 9 } });
    await h.proxy.gateway.catalog.refresh();
    await client.responses.create({ model: MODEL, input: "A new conversation" });
    expect(other.requests.at(-1)?.body).toMatchObject({ input: "A new conversation" });

    const before = h.sim.requests.length;
    const second = await client.responses.create({
      model: MODEL,
      previous_response_id: first.id,
      input: "Still me",
    });
    expect(h.sim.requests.length).toBe(before + 1);
    expect(h.sim.requests.at(-1)?.body).toMatchObject({ previous_response_id: first.id });
    expect(second.previous_response_id).toBe(first.id);
  });
});
