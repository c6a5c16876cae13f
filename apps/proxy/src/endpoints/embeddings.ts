import { errors } from "../http/openai-error.ts";
import { countPromptInput } from "../tokenize/index.ts";
import { type MeteredEndpoint, tokenUsage, withImages } from "./types.ts";

export const embeddings: MeteredEndpoint = {
  path: "/embeddings",
  defaultModel: "embeddings",
  streams: false,
  streamUsage: false,
  validate(body) {
    const input = body.input;
    if (
      input === undefined ||
      input === null ||
      input === "" ||
      (Array.isArray(input) && input.length === 0)
    ) {
      throw errors.missingParam("input");
    }
  },
  estimate: (body, model) => ({
    promptTokens: countPromptInput(body.input as Parameters<typeof countPromptInput>[0], model.id),
    maxCompletionTokens: 0,
  }),
  usage(answer) {
    const usage = tokenUsage(answer, { completion: false });
    return usage && withImages(usage, 0);
  },
};
