import { errors } from "../http/openai-error.ts";
import type { MeteredEndpoint } from "./types.ts";

const DEFAULT_MODEL = "omni-moderation-latest";

/** Free, like OpenAI's: recorded as usage, never charged. */
export const moderations: MeteredEndpoint = {
  path: "/moderations",
  streams: false,
  streamUsage: false,
  validate(body) {
    if (body.input === undefined || body.input === null || body.input === "")
      throw errors.missingParam("input");
    body.model ??= DEFAULT_MODEL;
  },
  estimate: () => ({ promptTokens: 0, maxCompletionTokens: 0 }),
  usage: () => ({ promptTokens: 0, completionTokens: 0, cachedTokens: 0, images: 0 }),
};
