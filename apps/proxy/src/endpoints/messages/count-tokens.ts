// POST /v1/messages/count_tokens: the prompt's tokens by our tokenizer, the count the call's hold
// is based on. Free and never forwarded: an upstream's own count would cost a round trip and
// exists only on Anthropic channels; the call itself is charged by the upstream's usage.
import type { IncomingMessage } from "node:http";
import { authorize, bearerToken, headerKey, modelAllowed } from "../../auth/authenticate.ts";
import { clientAddressOf } from "../../auth/client-address.ts";
import type { KeyRecord } from "../../auth/key-cache.ts";
import { countMessagesPrompt } from "../../dialects/anthropic/prompt.ts";
import type { Gateway } from "../../gateway.ts";
import { readJsonBody } from "../../http/body.ts";
import { errors } from "../../http/openai-error.ts";
import { promptBudget } from "../../tokenize/index.ts";
import { countingFor } from "../../tokenize/memo.ts";
import { invalidRequest, validateMessagesBody } from "./endpoint.ts";

export async function countMessageTokens(
  gateway: Gateway,
  req: IncomingMessage,
  onKey: (key: KeyRecord) => void,
): Promise<{ input_tokens: number }> {
  const presented = bearerToken(req) ?? headerKey(req, "x-api-key");
  const key = await authorize(gateway.keys, presented, clientAddressOf(req));
  onKey(key);
  const { body } = await readJsonBody(req, gateway.config.bodyLimitBytes);
  const modelId = body.model;
  if (typeof modelId !== "string" || modelId === "") {
    throw invalidRequest("model", "model: Field required");
  }
  validateMessagesBody(body);
  if (!modelAllowed(key, modelId)) throw errors.modelNotAllowed(modelId);
  if (!(await gateway.catalog.models()).has(modelId)) throw errors.modelNotFound(modelId);
  // Clients count the conversation they are about to send: the call that sends it finds it counted.
  return {
    input_tokens: countingFor(key.tenantId, () =>
      countMessagesPrompt(body, modelId, promptBudget()),
    ),
  };
}
