// A fine-tuning job outlives the call that created it, so its hold is the platform's (billing's
// platform-owned holds): placed at creation, and settled by whichever proxy process first sees
// the job end (a retrieve, a list, a cancel, or the poller). It is charged for the tokens the
// upstream reports trained (nothing when it reports none, as a cancelled or failed job may), and
// the settlement's request id is the hold's, so a job seen ending twice is charged once.
import { FREE, priceUsage } from "@relay/billing";
import type { Settlement } from "@relay/billing/hot-path";
import { DEFAULT_TRAINING_PER_MTOK } from "@relay/services/fine-tune-defaults";
import type { Gateway } from "../gateway.ts";
import { fineTuneRates } from "./fine-tune-prices.ts";
import type { ObjectRecord } from "./records.ts";

export const TERMINAL_STATUSES = new Set(["succeeded", "failed", "cancelled"]);
export const JOB_ENDPOINT = "/fine_tuning/jobs";

/** The request id of a job's hold and of its settlement. */
export function jobHoldId(objectId: string): string {
  return `ftjob:${objectId}`;
}

function count(value: unknown): number | undefined {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : undefined;
}

/** Records what the upstream says of a job; an ended job is charged and its model recorded. */
export async function observeJob(
  gateway: Gateway,
  row: ObjectRecord,
  job: Record<string, unknown>,
): Promise<void> {
  const { db } = gateway;
  const status = typeof job.status === "string" ? job.status : (row.status ?? "queued");
  await db.upstreamObject.update({
    where: { id: row.id },
    data: { status, snapshot: job as object },
  });
  if (!TERMINAL_STATUSES.has(status) || row.charged !== null) return;

  const model = job.fine_tuned_model;
  if (status === "succeeded" && typeof model === "string" && model !== "") {
    await db.upstreamObject.upsert({
      where: { kind_upstreamId: { kind: "FINE_TUNED_MODEL", upstreamId: model } },
      create: {
        tenantId: row.tenantId,
        channelId: row.channelId,
        apiKeyId: row.apiKeyId,
        kind: "FINE_TUNED_MODEL",
        upstreamId: model,
        baseModel: row.baseModel,
        status: "active",
        snapshot: { job: row.upstreamId },
      },
      update: {},
    });
  }
  const trained = count(job.trained_tokens) ?? 0;
  const price = await trainingPrice(gateway, row, trained);
  if (row.apiKeyId) {
    const settlement: Settlement = {
      requestId: jobHoldId(row.id),
      tenantId: row.tenantId,
      apiKeyId: row.apiKeyId,
      channelId: row.channelId,
      model: row.baseModel ?? "",
      upstreamModel: typeof model === "string" ? model : null,
      endpoint: JOB_ENDPOINT,
      stream: false,
      status: 200,
      errorCode: status === "succeeded" ? null : `fine_tuning_${status}`,
      promptTokens: trained,
      completionTokens: 0,
      cachedTokens: 0,
      images: 0,
      audioSeconds: 0,
      price,
      upstreamCost: 0n,
      latencyMs: Math.max(0, Date.now() - row.createdAt.getTime()),
      firstByteMs: null,
      clientIp: null,
      createdAt: new Date(),
    };
    // Resolves once committed; a second settlement of the same job is a no-op.
    await gateway.settlements.settle(settlement);
  }
  await db.upstreamObject.updateMany({
    where: { id: row.id, charged: null },
    data: { charged: row.apiKeyId ? price : 0n },
  });
}

/** Trained tokens at the base model's training price, times the tenant's price group. */
export async function trainingPrice(
  gateway: Gateway,
  row: Pick<ObjectRecord, "tenantId" | "baseModel">,
  tokens: number,
): Promise<bigint> {
  const base = row.baseModel ? (await gateway.catalog.models()).get(row.baseModel) : undefined;
  const perMTok = base
    ? (await fineTuneRates(gateway.db, base)).trainingPerMTok
    : DEFAULT_TRAINING_PER_MTOK;
  const tenant = await gateway.db.tenant.findUnique({
    where: { id: row.tenantId },
    select: { priceGroup: { select: { multiplierPpm: true } } },
  });
  return priceUsage(
    { ...FREE, inputPerMTok: perMTok },
    { promptTokens: tokens, completionTokens: 0 },
    tenant?.priceGroup?.multiplierPpm ?? 1_000_000,
  );
}

/** A job the upstream never accepted: its hold is closed, nothing charged. */
export async function releaseJobHold(
  gateway: Gateway,
  job: { objectId: string; tenantId: string; apiKeyId: string; channelId: string; model: string },
  status: number,
): Promise<void> {
  await gateway.settlements.settle({
    requestId: jobHoldId(job.objectId),
    tenantId: job.tenantId,
    apiKeyId: job.apiKeyId,
    channelId: job.channelId,
    model: job.model,
    upstreamModel: null,
    endpoint: JOB_ENDPOINT,
    stream: false,
    status,
    errorCode: "upstream_refused",
    promptTokens: 0,
    completionTokens: 0,
    cachedTokens: 0,
    images: 0,
    audioSeconds: 0,
    price: 0n,
    upstreamCost: 0n,
    latencyMs: 0,
    firstByteMs: null,
    clientIp: null,
    createdAt: new Date(),
  });
}
