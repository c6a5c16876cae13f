// GET /v1/files (the caller's own, answered from Relay's records), and retrieve, delete and
// content of one file, each only for the file's owner and sent to the channel that holds it.
import { pipeline } from "node:stream/promises";
import { OpenAIError, sendJson } from "../../http/openai-error.ts";
import { channelOf } from "../../objects/channels.ts";
import { ownedObject, ownedPage, snapshotOf } from "../../objects/records.ts";
import { limitParam, noSuchFile, type ObjectCall } from "../../objects/route.ts";
import { call, ok, relay, send } from "../../objects/upstream.ts";

async function ownedFile({ gateway, key, params }: ObjectCall) {
  const id = params.id ?? "";
  const row = await ownedObject(gateway.db, key.tenantId, "FILE", id);
  if (!row) throw noSuchFile(id);
  return row;
}

export async function listFiles({ gateway, call: ctx, key, query }: ObjectCall): Promise<void> {
  const order = query.get("order") ?? "desc";
  if (order !== "asc" && order !== "desc") {
    throw new OpenAIError(
      400,
      `Invalid 'order': expected 'asc' or 'desc', but got '${order}' instead.`,
      "invalid_request_error",
      "invalid_value",
      "order",
    );
  }
  const { rows, hasMore } = await ownedPage(gateway.db, {
    tenantId: key.tenantId,
    kind: "FILE",
    after: query.get("after") ?? undefined,
    limit: limitParam(query, 10_000, 10_000),
    order,
    purpose: query.get("purpose") ?? undefined,
  });
  sendJson(
    ctx.res,
    200,
    {
      object: "list",
      data: rows.map(snapshotOf),
      first_id: rows[0]?.upstreamId ?? null,
      last_id: rows.at(-1)?.upstreamId ?? null,
      has_more: hasMore,
    },
    { "x-request-id": ctx.requestId },
  );
}

export async function retrieveFile(input: ObjectCall): Promise<void> {
  const row = await ownedFile(input);
  sendJson(input.call.res, 200, snapshotOf(row), { "x-request-id": input.call.requestId });
}

export async function deleteFile(input: ObjectCall): Promise<void> {
  const { gateway, call: ctx } = input;
  const row = await ownedFile(input);
  const answer = await call(gateway, await channelOf(gateway, row.channelId), {
    method: "DELETE",
    path: `/files/${encodeURIComponent(row.upstreamId)}`,
  });
  // Gone upstream already (deleted there, or expired): gone here too.
  if (ok(answer) || answer.status === 404) {
    await gateway.db.upstreamObject.update({
      where: { id: row.id },
      data: { deletedAt: new Date() },
    });
    sendJson(
      ctx.res,
      200,
      { id: row.upstreamId, object: "file", deleted: true },
      { "x-request-id": ctx.requestId },
    );
    return;
  }
  relay(ctx.res, answer, ctx.requestId);
}

/** The bytes stream through; nothing is kept. */
export async function fileContent(input: ObjectCall): Promise<void> {
  const { gateway, call: ctx } = input;
  const row = await ownedFile(input);
  const abort = new AbortController();
  ctx.res.once("close", () => abort.abort());
  const response = await send(gateway, await channelOf(gateway, row.channelId), {
    method: "GET",
    path: `/files/${encodeURIComponent(row.upstreamId)}/content`,
    signal: abort.signal,
  });
  const type = response.headers["content-type"];
  if (response.statusCode >= 400) {
    const text = await response.body.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {}
    relay(ctx.res, { status: response.statusCode, body, text }, ctx.requestId);
    return;
  }
  const length = response.headers["content-length"];
  ctx.res.writeHead(response.statusCode, {
    "content-type": typeof type === "string" ? type : "application/octet-stream",
    ...(typeof length === "string" ? { "content-length": length } : {}),
    "x-request-id": ctx.requestId,
  });
  // A client gone mid-download ends the upstream read too.
  await pipeline(response.body, ctx.res).catch(() => ctx.res.destroy());
}
