// POST /v1/files: the upload is read as it streams (spooled to disk, refused the moment it passes
// the size limit), then sent to the first channel that takes it and recorded as the caller's.
// Free, but it counts towards the tenant's storage quota; a refusal at any point keeps nothing.
import type { Prisma } from "@relay/db";
import { inTransaction } from "@relay/db";
import { FormData } from "undici";
import { readMultipart } from "../../http/multipart.ts";
import { errors, OpenAIError, sendJson } from "../../http/openai-error.ts";
import { fileChannels } from "../../objects/channels.ts";
import type { ObjectCall } from "../../objects/route.ts";
import { overQuota, storageRoom } from "../../objects/storage-quota.ts";
import { trainingTokens } from "../../objects/training-tokens.ts";
import { call, type ObjectAnswer, ok, relay, send } from "../../objects/upstream.ts";

export const FILE_PURPOSES = ["fine-tune", "assistants", "batch", "vision", "user_data"] as const;
// Room for a form's own bytes (boundaries, headers, the purpose field) around the file.
const FORM_OVERHEAD = 64 * 1024;

export async function uploadFile({ gateway, call: ctx, key }: ObjectCall): Promise<void> {
  const { req, res, requestId } = ctx;
  const declared = Number(req.headers["content-length"]);
  const room = await storageRoom(gateway.db, key.tenantId);
  if (Number.isFinite(declared) && declared > FORM_OVERHEAD) {
    // Refused before a byte is read when the body cannot fit.
    const refusal = overQuota(room, BigInt(declared - FORM_OVERHEAD));
    if (refusal) throw refusal;
  }
  const form = await readMultipart(req, {
    files: { file: { maxBytes: gateway.config.fileLimitBytes } },
    spool: "disk",
  });
  try {
    const purpose = form.field("purpose");
    if (purpose === undefined) throw errors.missingParam("purpose");
    if (!(FILE_PURPOSES as readonly string[]).includes(purpose)) {
      throw new OpenAIError(
        400,
        `'${purpose}' is not one of ${FILE_PURPOSES.map((p) => `'${p}'`).join(", ")} - 'purpose'`,
        "invalid_request_error",
        "invalid_value",
        "purpose",
      );
    }
    const file = form.file("file");
    if (!file) throw errors.missingParam("file");
    const refusal = overQuota(room, BigInt(file.size));
    if (refusal) throw refusal;
    const tokens = purpose === "fine-tune" ? await trainingTokens(file.blob) : null;

    let answer: ObjectAnswer | undefined;
    let channelId = "";
    for (const channel of await fileChannels(gateway)) {
      const body = new FormData();
      body.append("purpose", purpose);
      body.append("file", file.blob, file.filename);
      try {
        answer = await call(gateway, channel, { method: "POST", path: "/files", form: body });
      } catch (error) {
        if (error instanceof OpenAIError) continue;
        throw error;
      }
      channelId = channel.id;
      if (answer.status !== 429 && answer.status < 500) break;
      gateway.health.failure(channel.id);
    }
    if (!answer) throw errors.upstreamUnavailable();
    const uploaded = answer.body as { id?: unknown } | undefined;
    if (!ok(answer) || typeof uploaded?.id !== "string") {
      relay(res, answer, requestId);
      return;
    }
    const upstreamId = uploaded.id;
    try {
      await inTransaction(gateway.db, async (tx) => {
        // Concurrent uploads of one tenant take turns here, so together they cannot pass the quota.
        await tx.$queryRaw`SELECT 1 FROM tenants WHERE id = ${key.tenantId}::uuid FOR NO KEY UPDATE`;
        const late = overQuota(await storageRoom(tx, key.tenantId), BigInt(file.size));
        if (late) throw late;
        await tx.upstreamObject.create({
          data: {
            tenantId: key.tenantId,
            channelId,
            apiKeyId: key.id,
            kind: "FILE",
            upstreamId,
            bytes: BigInt(file.size),
            purpose,
            filename: file.filename,
            tokens,
            status: "processed",
            snapshot: answer.body as Prisma.InputJsonValue,
          },
        });
      });
    } catch (error) {
      // Nothing is kept that is not recorded: the upstream copy goes too.
      const channel = (await fileChannels(gateway)).find((c) => c.id === channelId);
      if (channel) {
        await send(gateway, channel, { method: "DELETE", path: `/files/${upstreamId}` })
          .then((r) => r.body.dump())
          .catch(() => undefined);
      }
      throw error;
    }
    sendJson(res, answer.status, answer.body, { "x-request-id": requestId });
  } finally {
    await form.discard();
  }
}
