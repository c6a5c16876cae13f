// An upstream object lives on one channel: a file goes to the channel preferred when it is
// uploaded, and everything about it afterwards (its content, a job training on it, the job's
// fine-tuned model answering chat) goes to that channel, even once another one is preferred.
import { startUpstreamSim, type UpstreamSim } from "@relay/upstream-sim";
import { toFile } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, modelOn, startHarness } from "../../testing/harness.ts";

let h: Harness;
let other: UpstreamSim;

beforeAll(async () => {
  h = await startHarness();
  other = await startUpstreamSim();
});
afterAll(async () => {
  await h.close();
  await other.close();
});

const paths = (sim: UpstreamSim) => sim.requests.map((r) => `${r.method} ${r.path}`);

describe("channel affinity", () => {
  it("a file, its job and the fine-tuned model stay on the channel that holds them", async () => {
    const model = "affinity-base";
    const [first, second] = await modelOn(h.db, model, [other.url, h.sim.url]);
    await h.proxy.gateway.catalog.refresh();
    const { key } = await h.tenant({ credit: "1" });
    const client = h.client(key);
    const line = JSON.stringify({
      messages: [
        { role: "user", content: "a" },
        { role: "assistant", content: "b" },
      ],
    });
    const file = await client.files.create({
      file: await toFile(Buffer.from(`${line}\n`), "a.jsonl"),
      purpose: "fine-tune",
    });
    expect(paths(other)).toContain("POST /v1/files");

    // The other channel is now the preferred one.
    await h.db.channel.update({ where: { id: first ?? "" }, data: { priority: -10 } });
    await h.db.channel.update({ where: { id: second ?? "" }, data: { priority: 10 } });
    await h.proxy.gateway.catalog.refresh();
    const seenBySim = h.sim.requests.length;

    expect(await (await client.files.content(file.id)).text()).toBe(`${line}\n`);
    const job = await client.fineTuning.jobs.create({
      model,
      training_file: file.id,
      hyperparameters: { n_epochs: 1 },
    });
    await client.fineTuning.jobs.retrieve(job.id);
    const done = await client.fineTuning.jobs.retrieve(job.id);
    const tuned = done.fine_tuned_model ?? "";
    expect(tuned).toMatch(new RegExp(`^ft:${model}:`));
    await client.chat.completions.create({
      model: tuned,
      messages: [{ role: "user", content: "a" }],
      max_tokens: 5,
    });
    expect(paths(other)).toEqual(
      expect.arrayContaining([
        `GET /v1/files/${file.id}/content`,
        "POST /v1/fine_tuning/jobs",
        `GET /v1/fine_tuning/jobs/${job.id}`,
        "POST /v1/chat/completions",
      ]),
    );
    // Nothing about these objects went to the preferred channel.
    expect(h.sim.requests.length).toBe(seenBySim);
  });
});
