// Creating a fine-tuning job: the training file must be the caller's, the job goes to the channel
// holding it, and the most it can cost (the file's tokens x n_epochs at the base model's training
// price) is held, platform-owned, until the job is seen ending (objects/job-settlement.ts).
import { randomUUID } from "node:crypto";
import { FREE, priceUsage } from "@relay/billing";
import type { Prisma } from "@relay/db";
import { modelAllowed } from "../../auth/authenticate.ts";
import { errors, OpenAIError } from "../../http/openai-error.ts";
import { channelOf } from "../../objects/channels.ts";
import { fineTuneRates } from "../../objects/fine-tune-prices.ts";
import { jobHoldId, observeJob, releaseJobHold } from "../../objects/job-settlement.ts";
import { ownedObject } from "../../objects/records.ts";
import { noSuchFile, type ObjectCall } from "../../objects/route.ts";
import { call, type ObjectAnswer, ok } from "../../objects/upstream.ts";
import { record } from "../types.ts";

export const DEFAULT_EPOCHS = 3;
// A platform hold outlives its call; one not settled after this long is released (a job the
// upstream lost). Within the int32 milliseconds holds are kept in.
const JOB_HOLD_TTL_MS = 20 * 24 * 3600 * 1000;

/** n_epochs from `hyperparameters` or `method.<type>.hyperparameters`; "auto" is 3. */
export function epochsOf(body: Record<string, unknown>): number {
  const method = record(body.method);
  const typed = typeof method.type === "string" ? record(method[method.type]) : {};
  const hyper = record(body.hyperparameters ?? typed.hyperparameters);
  const value = hyper.n_epochs;
  if (value === undefined || value === null || value === "auto") return DEFAULT_EPOCHS;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > 50) {
    throw errors.invalidParam(
      "hyperparameters.n_epochs",
      `Invalid 'hyperparameters.n_epochs': expected 'auto' or an integer from 1 to 50, but got ${JSON.stringify(value)} instead.`,
    );
  }
  return value;
}

/** Creates the job upstream; the upstream's answer, whatever it was. */
export async function createJob(
  { gateway, key }: ObjectCall,
  body: Record<string, unknown>,
): Promise<ObjectAnswer> {
  const modelId = body.model;
  if (typeof modelId !== "string" || modelId === "") throw errors.missingParam("model");
  const trainingId = body.training_file;
  if (typeof trainingId !== "string" || trainingId === "") {
    throw errors.missingParam("training_file");
  }
  if (!modelAllowed(key, modelId)) throw errors.modelNotAllowed(modelId);
  const base = (await gateway.catalog.models()).get(modelId);
  if (!base) throw errors.modelNotFound(modelId);
  const training = await ownedObject(gateway.db, key.tenantId, "FILE", trainingId);
  if (!training) throw noSuchFile(trainingId, "training_file");
  if (training.purpose !== "fine-tune") {
    throw new OpenAIError(
      400,
      `File ${trainingId} has purpose '${training.purpose}'; a training file must have purpose 'fine-tune'.`,
      "invalid_request_error",
      "invalid_file_purpose",
      "training_file",
    );
  }
  const validationId = body.validation_file;
  if (validationId !== undefined && validationId !== null) {
    const validation =
      typeof validationId === "string"
        ? await ownedObject(gateway.db, key.tenantId, "FILE", validationId)
        : null;
    if (!validation || validation.channelId !== training.channelId) {
      throw noSuchFile(String(validationId), "validation_file");
    }
  }
  const route = base.routes.find((r) => r.channel.id === training.channelId);
  if (!route) {
    throw errors.invalidParam(
      "model",
      `The model '${modelId}' cannot be fine-tuned with ${trainingId}: the upstream holding the file does not serve it.`,
    );
  }
  const channel = await channelOf(gateway, training.channelId);
  const epochs = epochsOf(body);
  const rates = await fineTuneRates(gateway.db, base);
  const hold = priceUsage(
    { ...FREE, inputPerMTok: rates.trainingPerMTok },
    { promptTokens: (training.tokens ?? 0) * epochs, completionTokens: 0 },
    key.multiplierPpm,
  );

  const objectId = randomUUID();
  const job = {
    objectId,
    tenantId: key.tenantId,
    apiKeyId: key.id,
    channelId: channel.id,
    model: modelId,
  };
  if (hold > 0n) {
    const held = await gateway.holds.reserve({
      requestId: jobHoldId(objectId),
      tenantId: key.tenantId,
      apiKeyId: key.id,
      amount: hold,
      ttlMs: JOB_HOLD_TTL_MS,
      budgeted: key.budget !== null,
      budget: key.budget,
      owner: "platform",
    });
    if (!held.ok) throw errors.insufficientQuota(held.reason);
  }
  let answer: ObjectAnswer;
  try {
    answer = await call(gateway, channel, {
      method: "POST",
      path: "/fine_tuning/jobs",
      json: { ...body, model: route.upstreamModel },
    });
  } catch (error) {
    await releaseJobHold(gateway, job, 502);
    throw error;
  }
  const created = record(answer.body);
  if (!ok(answer) || typeof created.id !== "string") {
    await releaseJobHold(gateway, job, answer.status);
    return answer;
  }
  const row = await gateway.db.upstreamObject.create({
    data: {
      id: objectId,
      tenantId: key.tenantId,
      channelId: channel.id,
      apiKeyId: key.id,
      kind: "FINE_TUNING_JOB",
      upstreamId: created.id,
      baseModel: modelId,
      status: typeof created.status === "string" ? created.status : "queued",
      holdAmount: hold,
      snapshot: created as Prisma.InputJsonValue,
    },
  });
  await observeJob(gateway, row, created);
  return answer;
}
