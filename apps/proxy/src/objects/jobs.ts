// Reading fine-tuning jobs: the caller's own, refreshed from the channel that holds each one
// while it is still running (an ended job's record is final).
import type { Gateway } from "../gateway.ts";
import { channelOf } from "./channels.ts";
import { observeJob, TERMINAL_STATUSES } from "./job-settlement.ts";
import { type ObjectRecord, ownedObject, snapshotOf } from "./records.ts";
import { noSuchJob } from "./route.ts";
import { call, type ObjectAnswer, ok } from "./upstream.ts";

export async function ownedJob(
  gateway: Gateway,
  tenantId: string,
  id: string,
): Promise<ObjectRecord> {
  const row = await ownedObject(gateway.db, tenantId, "FINE_TUNING_JOB", id);
  if (!row) throw noSuchJob(id);
  return row;
}

/** The job as the upstream reports it now (recorded, and settled if it ended). */
export async function fetchJob(gateway: Gateway, row: ObjectRecord): Promise<ObjectAnswer> {
  const answer = await call(gateway, await channelOf(gateway, row.channelId), {
    method: "GET",
    path: `/fine_tuning/jobs/${encodeURIComponent(row.upstreamId)}`,
  });
  if (ok(answer) && answer.body && typeof answer.body === "object") {
    await observeJob(gateway, row, answer.body as Record<string, unknown>);
  }
  return answer;
}

/** A job's latest known state: refreshed while running; the record when the upstream fails. */
export async function currentJob(
  gateway: Gateway,
  row: ObjectRecord,
): Promise<Record<string, unknown>> {
  if (TERMINAL_STATUSES.has(row.status ?? "")) return snapshotOf(row);
  try {
    const answer = await fetchJob(gateway, row);
    if (ok(answer) && answer.body && typeof answer.body === "object") {
      return answer.body as Record<string, unknown>;
    }
  } catch (error) {
    gateway.log.warn({ err: error, job: row.upstreamId }, "fine-tuning job not refreshed");
  }
  return snapshotOf(row);
}

/** Jobs of every tenant still running, refreshed (and settled when ended) by the poller. */
export async function refreshOpenJobs(gateway: Gateway, max = 100): Promise<number> {
  const rows = await gateway.db.upstreamObject.findMany({
    where: {
      kind: "FINE_TUNING_JOB",
      deletedAt: null,
      OR: [{ status: null }, { status: { notIn: [...TERMINAL_STATUSES] } }, { charged: null }],
    },
    orderBy: { createdAt: "asc" },
    take: max,
  });
  for (const row of rows) {
    if (TERMINAL_STATUSES.has(row.status ?? "")) {
      await observeJob(gateway, row, snapshotOf(row));
    } else {
      await currentJob(gateway, row);
    }
  }
  return rows.length;
}
