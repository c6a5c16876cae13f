// A tenant's fine-tuned models beside the catalog: retrieved and deleted only by their owner.
// Deleting anything else is refused: a base model with OpenAI's permission error, another
// tenant's model (or an unknown one) with the same 404 as a model that does not exist.
import { errors, OpenAIError, sendJson } from "../../http/openai-error.ts";
import { channelOf } from "../../objects/channels.ts";
import { ownedObject } from "../../objects/records.ts";
import type { ObjectCall } from "../../objects/route.ts";
import { call, ok, relay } from "../../objects/upstream.ts";

export async function retrieveFineTunedModel(input: ObjectCall): Promise<void> {
  const { gateway, key, params, call: ctx } = input;
  const id = params.id ?? "";
  const row = await ownedObject(gateway.db, key.tenantId, "FINE_TUNED_MODEL", id);
  if (!row) throw errors.modelNotFound(id);
  sendJson(
    ctx.res,
    200,
    { id, object: "model", created: Math.floor(row.createdAt.getTime() / 1000), owned_by: "user" },
    { "x-request-id": ctx.requestId },
  );
}

export async function deleteModel(input: ObjectCall): Promise<void> {
  const { gateway, key, params, call: ctx } = input;
  const id = params.id ?? "";
  const row = await ownedObject(gateway.db, key.tenantId, "FINE_TUNED_MODEL", id);
  if (!row) {
    if ((await gateway.catalog.models()).has(id)) {
      throw new OpenAIError(
        403,
        `You do not have permission to delete the model '${id}': only fine-tuned models your organization owns can be deleted.`,
        "permission_error",
        "permission_denied",
        "model",
      );
    }
    throw errors.modelNotFound(id);
  }
  const answer = await call(gateway, await channelOf(gateway, row.channelId), {
    method: "DELETE",
    path: `/models/${encodeURIComponent(id)}`,
  });
  if (ok(answer) || answer.status === 404) {
    await gateway.db.upstreamObject.update({
      where: { id: row.id },
      data: { deletedAt: new Date(), status: "deleted" },
    });
    sendJson(
      ctx.res,
      200,
      { id, object: "model", deleted: true },
      {
        "x-request-id": ctx.requestId,
      },
    );
    return;
  }
  relay(ctx.res, answer, ctx.requestId);
}
