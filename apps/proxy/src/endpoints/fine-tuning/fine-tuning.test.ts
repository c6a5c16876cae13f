// Files and fine-tuning through the official SDK against the simulated upstream: uploads are free,
// a job holds its most (the file's tokens x n_epochs at the training price) and is charged
// exactly its trained tokens when it ends, and its fine-tuned model serves chat at twice the base
// model's price for its owner, until deleted.
import { countChatPromptTokens } from "@relay/upstream-sim";
import OpenAI, { toFile } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refreshOpenJobs } from "../../objects/jobs.ts";
import { type Harness, startHarness } from "../../testing/harness.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

const messages = [
  { role: "system", content: "You are Relay's support bot." },
  { role: "user", content: "How do I top up?" },
  { role: "assistant", content: "Open Billing in the console and choose an amount." },
];
const jsonl = `${JSON.stringify({ messages })}\n`.repeat(5);
const epochTokens = 5 * countChatPromptTokens(messages);
// gpt-4o-mini: $3 per 1M trained tokens; its fine-tuned model $0.40 / $1.60 (twice $0.20 / $0.80).
const training = (tokens: number) => (BigInt(tokens) * 3_000_000n + 999_999n) / 1_000_000n;

async function upload(client: OpenAI, purpose: "fine-tune" | "batch" = "fine-tune") {
  return client.files.create({
    file: await toFile(Buffer.from(jsonl), "support.jsonl"),
    purpose,
  });
}

describe("files", () => {
  it("upload, list, retrieve, content and delete, all free", async () => {
    const { tenantId, key } = await h.tenant({ credit: "1" });
    const client = h.client(key);
    const before = await h.balance(tenantId);
    const file = await upload(client);
    expect(file).toMatchObject({ object: "file", bytes: jsonl.length, purpose: "fine-tune" });
    const batch = await upload(client, "batch");

    expect((await client.files.list()).data.map((f) => f.id)).toEqual([batch.id, file.id]);
    const tuning = await client.files.list({ purpose: "fine-tune" });
    expect(tuning.data.map((f) => f.id)).toEqual([file.id]);
    const first = await client.files.list({ limit: 1, order: "asc" });
    expect(first.data.map((f) => f.id)).toEqual([file.id]);
    expect(first.has_more).toBe(true);
    const rest = await client.files.list({ after: file.id, order: "asc" });
    expect(rest.data.map((f) => f.id)).toEqual([batch.id]);

    expect((await client.files.retrieve(file.id)).filename).toBe("support.jsonl");
    expect(await (await client.files.content(file.id)).text()).toBe(jsonl);
    expect(await client.files.delete(batch.id)).toMatchObject({ id: batch.id, deleted: true });
    expect((await client.files.list()).data.map((f) => f.id)).toEqual([file.id]);
    await expect(client.files.retrieve(batch.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);

    const after = await h.balance(tenantId);
    expect(after).toEqual(before);
    expect(await h.db.usageRecord.count({ where: { tenantId } })).toBe(0);
  });
});

describe("fine-tuning", () => {
  it("holds the most a job can cost, charges its trained tokens, and serves its model", async () => {
    const { tenantId, key } = await h.tenant({ credit: "1" });
    const client = h.client(key);
    const file = await upload(client);
    const before = await h.balance(tenantId);

    const job = await client.fineTuning.jobs.create({
      model: "gpt-4o-mini",
      training_file: file.id,
      hyperparameters: { n_epochs: 2 },
      suffix: "support",
    });
    expect(job).toMatchObject({ object: "fine_tuning.job", status: "queued" });
    const held = await h.balance(tenantId);
    expect(held.held).toBe(training(epochTokens * 2));
    expect(held.balance).toBe(before.balance);

    const listed = await client.fineTuning.jobs.list();
    expect(listed.data.map((j) => j.id)).toEqual([job.id]);
    let done = await client.fineTuning.jobs.retrieve(job.id);
    for (let step = 0; step < 3 && done.status !== "succeeded"; step++) {
      done = await client.fineTuning.jobs.retrieve(job.id);
    }
    expect(done.status).toBe("succeeded");
    expect(done.trained_tokens).toBe(epochTokens * 2);
    const charged = await h.balance(tenantId);
    expect(before.balance - charged.balance).toBe(training(epochTokens * 2));
    expect(charged.held).toBe(0n);
    expect(charged.balance).toBe(charged.ledger);
    // Seen ending again: charged once.
    await client.fineTuning.jobs.retrieve(job.id);
    await client.fineTuning.jobs.list();
    expect((await h.balance(tenantId)).balance).toBe(charged.balance);

    const events = await client.fineTuning.jobs.listEvents(job.id);
    expect(events.data[0]?.message).toBe("The job has successfully completed");
    const checkpoints = await client.fineTuning.jobs.checkpoints.list(job.id);
    expect(checkpoints.data).toHaveLength(2);

    const model = done.fine_tuned_model ?? "";
    expect(model).toMatch(/^ft:gpt-4o-mini:/);
    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toContain(model);
    expect((await client.models.retrieve(model)).id).toBe(model);

    const chat = await client.chat.completions.create({
      model,
      messages: [{ role: "user", content: "How do I top up?" }],
      max_tokens: 20,
    });
    const usage = chat.usage ?? { prompt_tokens: 0, completion_tokens: 0 };
    const price =
      (BigInt(usage.prompt_tokens) * 400_000n +
        BigInt(usage.completion_tokens) * 1_600_000n +
        999_999n) /
      1_000_000n;
    const afterChat = await h.balance(tenantId);
    expect(charged.balance - afterChat.balance).toBe(price);
    expect(h.sim.requests.at(-1)?.body).toMatchObject({ model });

    await expect(client.models.delete("gpt-4o-mini")).rejects.toBeInstanceOf(
      OpenAI.PermissionDeniedError,
    );
    expect(await client.models.delete(model)).toMatchObject({ id: model, deleted: true });
    await expect(
      client.chat.completions.create({ model, messages: [{ role: "user", content: "hi" }] }),
    ).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    expect((await client.models.list()).data.map((m) => m.id)).not.toContain(model);
  });

  it("a cancelled job that trained nothing is charged nothing and its hold is released", async () => {
    const { tenantId, key } = await h.tenant({ credit: "1" });
    const client = h.client(key);
    const file = await upload(client);
    const before = await h.balance(tenantId);
    const job = await client.fineTuning.jobs.create({
      model: "gpt-4o-mini",
      training_file: file.id,
    });
    // The default ("auto") is 3 epochs.
    expect((await h.balance(tenantId)).held).toBe(training(epochTokens * 3));
    const cancelled = await client.fineTuning.jobs.cancel(job.id);
    expect(cancelled.status).toBe("cancelled");
    expect(await h.balance(tenantId)).toEqual(before);
  });

  it("jobs nobody asks about are settled by the poller: trained tokens, or nothing if failed", async () => {
    const { tenantId, key } = await h.tenant({ credit: "1" });
    const client = h.client(key);
    const file = await upload(client);
    const before = await h.balance(tenantId);
    const trained = await client.fineTuning.jobs.create({
      model: "gpt-4o-mini",
      training_file: file.id,
      hyperparameters: { n_epochs: 1 },
    });
    const failing = await client.fineTuning.jobs.create({
      model: "gpt-4o-mini",
      training_file: file.id,
      hyperparameters: { n_epochs: 4 },
      suffix: "sim-fail",
    });
    expect((await h.balance(tenantId)).held).toBe(
      training(epochTokens) + training(epochTokens * 4),
    );
    // Two polls: queued -> running -> ended.
    await refreshOpenJobs(h.proxy.gateway);
    await refreshOpenJobs(h.proxy.gateway);
    const after = await h.balance(tenantId);
    expect(after.held).toBe(0n);
    expect(before.balance - after.balance).toBe(training(epochTokens));
    const jobs = await client.fineTuning.jobs.list();
    expect(jobs.data.map((j) => [j.id, j.status])).toEqual([
      [failing.id, "failed"],
      [trained.id, "succeeded"],
    ]);
    const usage = await h.db.usageRecord.findMany({
      where: { tenantId },
      orderBy: { id: "asc" },
      select: { endpoint: true, model: true, promptTokens: true, price: true, errorCode: true },
    });
    expect(usage).toEqual(
      expect.arrayContaining([
        {
          endpoint: "/fine_tuning/jobs",
          model: "gpt-4o-mini",
          promptTokens: epochTokens,
          price: training(epochTokens),
          errorCode: null,
        },
        {
          endpoint: "/fine_tuning/jobs",
          model: "gpt-4o-mini",
          promptTokens: 0,
          price: 0n,
          errorCode: "fine_tuning_failed",
        },
      ]),
    );
  });

  it("a job the balance cannot cover is refused before it reaches the upstream", async () => {
    const { tenantId, key } = await h.tenant({ credit: "0.0001" });
    const client = h.client(key);
    const file = await upload(client);
    const jobsBefore = h.sim.requests.filter((r) => r.path === "/v1/fine_tuning/jobs").length;
    await expect(
      client.fineTuning.jobs.create({ model: "gpt-4o-mini", training_file: file.id }),
    ).rejects.toMatchObject({ status: 429, code: "insufficient_quota" });
    expect(h.sim.requests.filter((r) => r.path === "/v1/fine_tuning/jobs")).toHaveLength(
      jobsBefore,
    );
    expect((await h.balance(tenantId)).held).toBe(0n);
  });

  it("the legacy fine-tunes API drives the same jobs in its own shapes", async () => {
    const { tenantId, key } = await h.tenant({ credit: "1" });
    const client = h.client(key);
    const file = await upload(client);
    const before = await h.balance(tenantId);
    const created = await client.post<{ id: string; object: string; status: string }>(
      "/fine-tunes",
      { body: { training_file: file.id, model: "gpt-4o-mini", n_epochs: 1 } },
    );
    expect(created).toMatchObject({ object: "fine-tune", status: "pending" });
    const list = await client.get<{ data: { id: string }[] }>("/fine-tunes");
    expect(list.data.map((j) => j.id)).toEqual([created.id]);
    let tune = await client.get<{ status: string; fine_tuned_model: string | null }>(
      `/fine-tunes/${created.id}`,
    );
    tune = await client.get(`/fine-tunes/${created.id}`);
    expect(tune).toMatchObject({ status: "succeeded", fine_tuned_model: expect.any(String) });
    const events = await client.get<{ data: { object: string; message: string }[] }>(
      `/fine-tunes/${created.id}/events`,
    );
    expect(events.data[0]).toMatchObject({ object: "fine-tune-event" });
    expect(events.data.at(-1)?.message).toBe("The job has successfully completed");
    // The same job through the new API.
    expect((await client.fineTuning.jobs.retrieve(created.id)).status).toBe("succeeded");
    const after = await h.balance(tenantId);
    expect(before.balance - after.balance).toBe(training(epochTokens));
    expect(after.held).toBe(0n);
  });
});
