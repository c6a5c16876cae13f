// OpenAI's fine-tuning jobs. A job walks queued -> running -> succeeded, one step each time it is
// retrieved (deterministic for tests: no clock decides), logging events on the way; on success it
// reports trained_tokens (the training file's tokens times n_epochs), a checkpoint per epoch and
// an `ft:` model that the sim then serves for chat. A suffix of "sim-fail" makes the job fail
// once running, having trained nothing.
import { SimError } from "../errors.ts";
import { newId } from "../ids.ts";
import { asBody, invalidType, isRecord, optionalInteger, optionalString } from "../params.ts";
import { nowSeconds, type Route } from "../route.ts";
import { liveFile } from "./files.ts";
import { fineTunedModels, jobs, type SimJob, trainingTokens } from "./store.ts";

const DEFAULT_EPOCHS = 3;
const TERMINAL = new Set(["succeeded", "cancelled", "failed"]);

function jobObject(job: SimJob) {
  const hyperparameters = {
    n_epochs: job.n_epochs,
    batch_size: 1,
    learning_rate_multiplier: 1.8,
  };
  return {
    object: "fine_tuning.job",
    id: job.id,
    model: job.model,
    created_at: job.created_at,
    finished_at: job.finished_at,
    fine_tuned_model: job.fine_tuned_model,
    organization_id: "org-sim",
    result_files: [],
    status: job.status,
    validation_file: job.validation_file,
    training_file: job.training_file,
    hyperparameters,
    trained_tokens: job.trained_tokens,
    error:
      job.status === "failed"
        ? { code: "invalid_training_file", message: "The job failed (sim-fail).", param: null }
        : null,
    user_provided_suffix: job.suffix,
    seed: job.seed,
    estimated_finish: null,
    integrations: null,
    method: { type: "supervised", supervised: { hyperparameters } },
  };
}

function noSuchJob(id: string): SimError {
  return new SimError(404, `Could not find fine-tune: ${id}`, {
    param: "fine_tune_id",
    code: "fine_tune_not_found",
  });
}

function jobOf(id: string | undefined): SimJob {
  const job = jobs.get(id ?? "");
  if (!job) throw noSuchJob(id ?? "");
  return job;
}

function log(job: SimJob, message: string, level: "info" | "error" = "info"): void {
  job.events.push({
    id: newId("ftevent-", 24),
    created_at: nowSeconds(),
    level,
    message,
    type: "message",
  });
}

function epochs(body: Record<string, unknown>): number {
  const hyper = body.hyperparameters;
  if (hyper === undefined || hyper === null) return DEFAULT_EPOCHS;
  if (!isRecord(hyper)) throw invalidType("hyperparameters", "an object", hyper);
  if (hyper.n_epochs === undefined || hyper.n_epochs === "auto") return DEFAULT_EPOCHS;
  return optionalInteger(hyper, "n_epochs", { min: 1, max: 50 }) ?? DEFAULT_EPOCHS;
}

function advance(job: SimJob): void {
  if (job.status === "queued") {
    job.status = "running";
    log(job, "Fine-tuning job started");
    return;
  }
  if (job.status !== "running") return;
  job.finished_at = nowSeconds();
  if (job.suffix === "sim-fail") {
    job.status = "failed";
    log(job, "Fine-tuning job failed", "error");
    return;
  }
  job.status = "succeeded";
  job.trained_tokens = job.epochTokens * job.n_epochs;
  job.fine_tuned_model = `ft:${job.model}:relay-sim:${job.suffix ?? ""}:${job.id.slice(-8)}`;
  fineTunedModels.add(job.fine_tuned_model);
  log(job, `New fine-tuned model created: ${job.fine_tuned_model}`);
  log(job, "The job has successfully completed");
}

function page<T extends { id: string }>(items: T[], query: URLSearchParams, defaultLimit: number) {
  const after = query.get("after");
  const limit = Number(query.get("limit") ?? defaultLimit) || defaultLimit;
  const start = after ? items.findIndex((i) => i.id === after) + 1 : 0;
  const data = items.slice(start, start + limit);
  return { data, has_more: start + limit < items.length };
}

export const fineTuningRoutes: readonly Route[] = [
  {
    method: "POST",
    path: "/v1/fine_tuning/jobs",
    handle: ({ body: raw }) => {
      const body = asBody(raw);
      const model = optionalString(body, "model");
      if (!model)
        throw new SimError(400, "Missing required parameter: 'model'.", { param: "model" });
      const trainingId = optionalString(body, "training_file");
      if (!trainingId) {
        throw new SimError(400, "Missing required parameter: 'training_file'.", {
          param: "training_file",
        });
      }
      const training = liveFile(trainingId);
      if (training.purpose !== "fine-tune") {
        throw new SimError(400, `File ${trainingId} does not have purpose 'fine-tune'.`, {
          param: "training_file",
          code: "invalid_file_purpose",
        });
      }
      const validation = optionalString(body, "validation_file");
      if (validation) liveFile(validation);
      const job: SimJob = {
        id: newId("ftjob-", 24),
        created_at: nowSeconds(),
        model,
        training_file: trainingId,
        validation_file: validation ?? null,
        suffix: optionalString(body, "suffix") ?? null,
        seed: optionalInteger(body, "seed", { min: 0 }) ?? 42,
        n_epochs: epochs(body),
        status: "queued",
        fine_tuned_model: null,
        trained_tokens: null,
        finished_at: null,
        epochTokens: trainingTokens(training.content),
        events: [],
      };
      log(job, "Validating training file");
      log(job, "Fine-tuning job queued");
      jobs.set(job.id, job);
      return { kind: "json", body: jobObject(job) };
    },
  },
  {
    method: "GET",
    path: "/v1/fine_tuning/jobs",
    handle: ({ query }) => {
      const all = [...jobs.values()].reverse().map(jobObject);
      return { kind: "json", body: { object: "list", ...page(all, query, 20) } };
    },
  },
  {
    method: "GET",
    path: "/v1/fine_tuning/jobs/:id",
    handle: ({ params }) => {
      const job = jobOf(params.id);
      advance(job);
      return { kind: "json", body: jobObject(job) };
    },
  },
  {
    method: "POST",
    path: "/v1/fine_tuning/jobs/:id/cancel",
    handle: ({ params }) => {
      const job = jobOf(params.id);
      if (TERMINAL.has(job.status)) {
        throw new SimError(400, `Job ${job.id} has already ${job.status}.`, {
          code: "invalid_state",
        });
      }
      job.status = "cancelled";
      job.finished_at = nowSeconds();
      log(job, "Fine-tuning job cancelled");
      return { kind: "json", body: jobObject(job) };
    },
  },
  {
    method: "GET",
    path: "/v1/fine_tuning/jobs/:id/events",
    handle: ({ params, query }) => {
      const job = jobOf(params.id);
      const events = [...job.events].reverse().map((e) => ({
        object: "fine_tuning.job.event",
        ...e,
        data: {},
      }));
      return { kind: "json", body: { object: "list", ...page(events, query, 20) } };
    },
  },
  {
    method: "GET",
    path: "/v1/fine_tuning/jobs/:id/checkpoints",
    handle: ({ params, query }) => {
      const job = jobOf(params.id);
      const perEpoch = Math.max(1, Math.round(job.epochTokens / 100));
      const checkpoints =
        job.status === "succeeded" && job.fine_tuned_model
          ? Array.from({ length: job.n_epochs }, (_, i) => job.n_epochs - i).map((epoch) => ({
              object: "fine_tuning.job.checkpoint",
              id: `ftckpt_${job.id.slice(-8)}${epoch}`,
              created_at: job.finished_at ?? job.created_at,
              fine_tuned_model_checkpoint: `${job.fine_tuned_model}:ckpt-step-${epoch * perEpoch}`,
              step_number: epoch * perEpoch,
              metrics: { step: epoch * perEpoch, train_loss: 1 / (epoch + 1) },
              fine_tuning_job_id: job.id,
            }))
          : [];
      const listed = page(checkpoints, query, 10);
      return {
        kind: "json",
        body: {
          object: "list",
          ...listed,
          first_id: listed.data[0]?.id ?? null,
          last_id: listed.data.at(-1)?.id ?? null,
        },
      };
    },
  },
  {
    method: "DELETE",
    path: "/v1/models/:id",
    handle: ({ params }) => {
      const id = params.id ?? "";
      if (!fineTunedModels.has(id)) {
        throw new SimError(403, `You do not have permission to delete the model ${id}.`, {
          type: "invalid_request_error",
          param: "model",
          code: "permission_denied",
        });
      }
      fineTunedModels.delete(id);
      return { kind: "json", body: { id, object: "model", deleted: true } };
    },
  },
];
