// The retired /v1/fine-tunes family, for old clients: each call is the same fine-tuning job as
// /v1/fine_tuning/jobs (same ids, same holds and charges), answered in the legacy shapes.
import type { Gateway } from "../../gateway.ts";
import { readJsonBody } from "../../http/body.ts";
import { sendJson } from "../../http/openai-error.ts";
import { channelOf } from "../../objects/channels.ts";
import { observeJob } from "../../objects/job-settlement.ts";
import { currentJob, fetchJob, ownedJob } from "../../objects/jobs.ts";
import { ownedObject, ownedPage, snapshotOf } from "../../objects/records.ts";
import type { ObjectCall } from "../../objects/route.ts";
import { call, type ObjectAnswer, ok, relay } from "../../objects/upstream.ts";
import { record } from "../types.ts";
import { createJob } from "./create.ts";

const LEGACY_STATUS: Record<string, string> = {
  validating_files: "pending",
  queued: "pending",
  running: "running",
  succeeded: "succeeded",
  failed: "failed",
  cancelled: "cancelled",
};

function legacyEvents(answer: ObjectAnswer | undefined) {
  const data = record(answer?.body).data;
  return (Array.isArray(data) ? data : [])
    .map((e) => record(e))
    .reverse()
    .map((e) => ({
      object: "fine-tune-event",
      created_at: e.created_at,
      level: e.level,
      message: e.message,
    }));
}

async function fileObjects(gateway: Gateway, tenantId: string, id: unknown) {
  if (typeof id !== "string") return [];
  const row = await ownedObject(gateway.db, tenantId, "FILE", id);
  return [row ? snapshotOf(row) : { id, object: "file" }];
}

/** A fine-tuning job in the legacy fine-tune shape. */
async function legacyShape(
  gateway: Gateway,
  tenantId: string,
  job: Record<string, unknown>,
  events?: ObjectAnswer,
) {
  const hyper = record(job.hyperparameters);
  const created = typeof job.created_at === "number" ? job.created_at : 0;
  return {
    id: job.id,
    object: "fine-tune",
    model: job.model,
    created_at: created,
    updated_at: typeof job.finished_at === "number" ? job.finished_at : created,
    organization_id: job.organization_id ?? null,
    status: LEGACY_STATUS[String(job.status)] ?? job.status,
    fine_tuned_model: job.fine_tuned_model ?? null,
    hyperparams: {
      n_epochs: hyper.n_epochs ?? null,
      batch_size: hyper.batch_size ?? null,
      learning_rate_multiplier: hyper.learning_rate_multiplier ?? null,
      prompt_loss_weight: 0.01,
    },
    training_files: await fileObjects(gateway, tenantId, job.training_file),
    validation_files: await fileObjects(gateway, tenantId, job.validation_file),
    result_files: [],
    ...(events ? { events: legacyEvents(events) } : {}),
  };
}

async function events(gateway: Gateway, tenantId: string, id: string): Promise<ObjectAnswer> {
  const row = await ownedJob(gateway, tenantId, id);
  return call(gateway, await channelOf(gateway, row.channelId), {
    method: "GET",
    path: `/fine_tuning/jobs/${encodeURIComponent(row.upstreamId)}/events?limit=100`,
  });
}

function answer(input: ObjectCall, body: unknown): void {
  sendJson(input.call.res, 200, body, { "x-request-id": input.call.requestId });
}

export async function createFineTune(input: ObjectCall): Promise<void> {
  const { body } = await readJsonBody(input.call.req, input.gateway.config.bodyLimitBytes);
  const { n_epochs: epochs, model, training_file, validation_file, suffix } = body;
  const created = await createJob(input, {
    model: model ?? "babbage-002",
    training_file,
    ...(validation_file ? { validation_file } : {}),
    ...(suffix ? { suffix } : {}),
    ...(epochs !== undefined && epochs !== null ? { hyperparameters: { n_epochs: epochs } } : {}),
  });
  if (!ok(created)) {
    relay(input.call.res, created, input.call.requestId);
    return;
  }
  const job = record(created.body);
  const log = await events(input.gateway, input.key.tenantId, String(job.id));
  answer(input, await legacyShape(input.gateway, input.key.tenantId, job, log));
}

export async function listFineTunes(input: ObjectCall): Promise<void> {
  const { gateway, key } = input;
  const { rows } = await ownedPage(gateway.db, {
    tenantId: key.tenantId,
    kind: "FINE_TUNING_JOB",
    limit: 10_000,
    order: "asc",
  });
  const data = [];
  for (const row of rows) {
    data.push(await legacyShape(gateway, key.tenantId, await currentJob(gateway, row)));
  }
  answer(input, { object: "list", data });
}

export async function retrieveFineTune(input: ObjectCall): Promise<void> {
  const { gateway, key, params } = input;
  const row = await ownedJob(gateway, key.tenantId, params.id ?? "");
  const fetched = await fetchJob(gateway, row);
  if (!ok(fetched)) {
    relay(input.call.res, fetched, input.call.requestId);
    return;
  }
  const log = await events(gateway, key.tenantId, row.upstreamId);
  answer(input, await legacyShape(gateway, key.tenantId, record(fetched.body), log));
}

export async function cancelFineTune(input: ObjectCall): Promise<void> {
  const { gateway, key, params } = input;
  const row = await ownedJob(gateway, key.tenantId, params.id ?? "");
  const cancelled = await call(gateway, await channelOf(gateway, row.channelId), {
    method: "POST",
    path: `/fine_tuning/jobs/${encodeURIComponent(row.upstreamId)}/cancel`,
  });
  if (!ok(cancelled)) {
    relay(input.call.res, cancelled, input.call.requestId);
    return;
  }
  const job = record(cancelled.body);
  await observeJob(gateway, row, job);
  const log = await events(gateway, key.tenantId, row.upstreamId);
  answer(input, await legacyShape(gateway, key.tenantId, job, log));
}

export async function fineTuneEvents(input: ObjectCall): Promise<void> {
  const fetched = await events(input.gateway, input.key.tenantId, input.params.id ?? "");
  if (!ok(fetched)) {
    relay(input.call.res, fetched, input.call.requestId);
    return;
  }
  answer(input, { object: "list", data: legacyEvents(fetched) });
}
