import OpenAI, { toFile } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startUpstreamSim, type UpstreamSim } from "../server.ts";
import { countChatPromptTokens } from "../tokens.ts";

let sim: UpstreamSim;
let client: OpenAI;

beforeAll(async () => {
  sim = await startUpstreamSim();
  client = new OpenAI({ baseURL: sim.url, apiKey: "test", maxRetries: 0 });
});
afterAll(() => sim.close());

const messages = [
  { role: "user", content: "Say hi" },
  { role: "assistant", content: "Hi!" },
];
const jsonl = `${JSON.stringify({ messages })}\n${JSON.stringify({ messages })}\n`;

describe("files", () => {
  it("stores, lists, serves and deletes an upload", async () => {
    const file = await client.files.create({
      file: await toFile(Buffer.from(jsonl), "train.jsonl"),
      purpose: "fine-tune",
    });
    expect(file).toMatchObject({ object: "file", bytes: jsonl.length, purpose: "fine-tune" });
    expect((await client.files.retrieve(file.id)).filename).toBe("train.jsonl");
    const ids = (await client.files.list()).data.map((f) => f.id);
    expect(ids).toContain(file.id);
    expect(await (await client.files.content(file.id)).text()).toBe(jsonl);
    expect(await client.files.delete(file.id)).toMatchObject({ id: file.id, deleted: true });
    await expect(client.files.retrieve(file.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });
});

describe("fine-tuning", () => {
  it("walks a job to succeeded with events, checkpoints and a model it then serves", async () => {
    const file = await client.files.create({
      file: await toFile(Buffer.from(jsonl), "train.jsonl"),
      purpose: "fine-tune",
    });
    const job = await client.fineTuning.jobs.create({
      model: "gpt-4o-mini",
      training_file: file.id,
      hyperparameters: { n_epochs: 2 },
      suffix: "demo",
    });
    expect(job.status).toBe("queued");
    expect((await client.fineTuning.jobs.retrieve(job.id)).status).toBe("running");
    const done = await client.fineTuning.jobs.retrieve(job.id);
    expect(done.status).toBe("succeeded");
    expect(done.trained_tokens).toBe(2 * 2 * countChatPromptTokens(messages));
    expect(done.fine_tuned_model).toMatch(/^ft:gpt-4o-mini:relay-sim:demo:/);

    const events = await client.fineTuning.jobs.listEvents(job.id);
    expect(events.data[0]?.message).toBe("The job has successfully completed");
    const checkpoints = await client.fineTuning.jobs.checkpoints.list(job.id);
    expect(checkpoints.data).toHaveLength(2);

    const model = done.fine_tuned_model ?? "";
    const chat = await client.chat.completions.create({
      model,
      messages: [{ role: "user", content: "hi" }],
    });
    expect(chat.model).toBe(model);
    expect(await client.models.delete(model)).toMatchObject({ id: model, deleted: true });
    await expect(client.models.delete("gpt-4o-mini")).rejects.toBeInstanceOf(
      OpenAI.PermissionDeniedError,
    );
  });

  it("cancels a running job, which then reports nothing trained", async () => {
    const file = await client.files.create({
      file: await toFile(Buffer.from(jsonl), "train.jsonl"),
      purpose: "fine-tune",
    });
    const job = await client.fineTuning.jobs.create({
      model: "gpt-4o-mini",
      training_file: file.id,
    });
    const cancelled = await client.fineTuning.jobs.cancel(job.id);
    expect(cancelled).toMatchObject({ status: "cancelled", trained_tokens: null });
  });
});
