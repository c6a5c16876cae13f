// /v1/fine_tuning/jobs: create, list (the caller's own, from Relay's records), retrieve, cancel,
// events and checkpoints, each sent to the channel that holds the job.
import { readJsonBody } from "../../http/body.ts";
import { sendJson } from "../../http/openai-error.ts";
import { channelOf } from "../../objects/channels.ts";
import { observeJob } from "../../objects/job-settlement.ts";
import { currentJob, fetchJob, ownedJob } from "../../objects/jobs.ts";
import { ownedPage } from "../../objects/records.ts";
import { limitParam, type ObjectCall } from "../../objects/route.ts";
import { call, ok, relay } from "../../objects/upstream.ts";
import { createJob } from "./create.ts";

export async function createFineTuningJob(input: ObjectCall): Promise<void> {
  const { body } = await readJsonBody(input.call.req, input.gateway.config.bodyLimitBytes);
  relay(input.call.res, await createJob(input, body), input.call.requestId);
}

export async function listFineTuningJobs(input: ObjectCall): Promise<void> {
  const { gateway, key, query, call: ctx } = input;
  const { rows, hasMore } = await ownedPage(gateway.db, {
    tenantId: key.tenantId,
    kind: "FINE_TUNING_JOB",
    after: query.get("after") ?? undefined,
    limit: limitParam(query, 20, 100),
    order: "desc",
  });
  const data = await Promise.all(rows.map((row) => currentJob(gateway, row)));
  sendJson(
    ctx.res,
    200,
    { object: "list", data, has_more: hasMore },
    { "x-request-id": ctx.requestId },
  );
}

export async function retrieveFineTuningJob(input: ObjectCall): Promise<void> {
  const { gateway, key, params, call: ctx } = input;
  const row = await ownedJob(gateway, key.tenantId, params.id ?? "");
  relay(ctx.res, await fetchJob(gateway, row), ctx.requestId);
}

export async function cancelFineTuningJob(input: ObjectCall): Promise<void> {
  const { gateway, key, params, call: ctx } = input;
  const row = await ownedJob(gateway, key.tenantId, params.id ?? "");
  const answer = await call(gateway, await channelOf(gateway, row.channelId), {
    method: "POST",
    path: `/fine_tuning/jobs/${encodeURIComponent(row.upstreamId)}/cancel`,
  });
  if (ok(answer) && answer.body && typeof answer.body === "object") {
    await observeJob(gateway, row, answer.body as Record<string, unknown>);
  }
  relay(ctx.res, answer, ctx.requestId);
}

/** Events and checkpoints: the upstream's list, for the owner only, with its paging query. */
export function jobList(kind: "events" | "checkpoints") {
  return async (input: ObjectCall): Promise<void> => {
    const { gateway, key, params, query, call: ctx } = input;
    const row = await ownedJob(gateway, key.tenantId, params.id ?? "");
    const search = new URLSearchParams();
    for (const name of ["after", "limit"]) {
      const value = query.get(name);
      if (value !== null) search.set(name, value);
    }
    const suffix = search.size > 0 ? `?${search}` : "";
    const answer = await call(gateway, await channelOf(gateway, row.channelId), {
      method: "GET",
      path: `/fine_tuning/jobs/${encodeURIComponent(row.upstreamId)}/${kind}${suffix}`,
    });
    relay(ctx.res, answer, ctx.requestId);
  };
}
