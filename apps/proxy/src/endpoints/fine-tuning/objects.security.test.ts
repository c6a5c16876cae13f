// Tenant B holding tenant A's ids: every file, job and fine-tuned model route answers exactly as
// for an id that does not exist, nothing of A's shows in B's lists, and A's objects are untouched.
import OpenAI, { toFile } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "../../testing/harness.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

const line = JSON.stringify({
  messages: [
    { role: "user", content: "ping" },
    { role: "assistant", content: "pong" },
  ],
});

async function notFound(promise: Promise<unknown>) {
  await expect(promise).rejects.toBeInstanceOf(OpenAI.NotFoundError);
}

describe("another tenant's files, jobs and fine-tuned models", () => {
  it("are 404 to tenant B everywhere and never in B's lists", async () => {
    const a = await h.tenant({ credit: "1" });
    const b = await h.tenant({ credit: "1" });
    const alice = h.client(a.key);
    const bob = h.client(b.key);

    const file = await alice.files.create({
      file: await toFile(Buffer.from(`${line}\n`), "a.jsonl"),
      purpose: "fine-tune",
    });
    const trained = await alice.fineTuning.jobs.create({
      model: "gpt-4o-mini",
      training_file: file.id,
      hyperparameters: { n_epochs: 1 },
    });
    await alice.fineTuning.jobs.retrieve(trained.id);
    const done = await alice.fineTuning.jobs.retrieve(trained.id);
    const model = done.fine_tuned_model ?? "";
    expect(model).toMatch(/^ft:/);
    const running = await alice.fineTuning.jobs.create({
      model: "gpt-4o-mini",
      training_file: file.id,
    });
    const bobBefore = await h.balance(b.tenantId);
    const upstreamCalls = h.sim.requests.length;

    // Files.
    await notFound(bob.files.retrieve(file.id));
    await notFound(bob.files.content(file.id));
    await notFound(bob.files.delete(file.id));
    expect((await bob.files.list()).data).toEqual([]);
    expect((await bob.files.list({ after: file.id })).data).toEqual([]);
    // Jobs, new and legacy.
    for (const id of [trained.id, running.id]) {
      await notFound(bob.fineTuning.jobs.retrieve(id));
      await notFound(bob.fineTuning.jobs.cancel(id));
      await notFound(bob.fineTuning.jobs.listEvents(id));
      await notFound(bob.fineTuning.jobs.checkpoints.list(id));
      await notFound(bob.get(`/fine-tunes/${id}`));
      await notFound(bob.post(`/fine-tunes/${id}/cancel`));
      await notFound(bob.get(`/fine-tunes/${id}/events`));
    }
    expect((await bob.fineTuning.jobs.list()).data).toEqual([]);
    expect((await bob.get<{ data: unknown[] }>("/fine-tunes")).data).toEqual([]);
    // Training on A's file.
    await notFound(bob.fineTuning.jobs.create({ model: "gpt-4o-mini", training_file: file.id }));
    // A's fine-tuned model: not listed, not retrievable, not callable, not deletable.
    expect((await bob.models.list()).data.map((m) => m.id)).not.toContain(model);
    await notFound(bob.models.retrieve(model));
    const chat = bob.chat.completions.create({
      model,
      messages: [{ role: "user", content: "hi" }],
    });
    await expect(chat).rejects.toMatchObject({ status: 404, code: "model_not_found" });
    await notFound(bob.models.delete(model));

    // Nothing reached the upstream for B, nothing was charged or held, and A's objects stand.
    expect(h.sim.requests.length).toBe(upstreamCalls);
    expect(await h.balance(b.tenantId)).toEqual(bobBefore);
    expect((await alice.files.retrieve(file.id)).id).toBe(file.id);
    expect((await alice.fineTuning.jobs.retrieve(running.id)).status).not.toBe("cancelled");
    expect((await alice.models.list()).data.map((m) => m.id)).toContain(model);
    const answer = await alice.chat.completions.create({
      model,
      messages: [{ role: "user", content: "hi" }],
    });
    expect(answer.model).toBe(model);
  });
});
