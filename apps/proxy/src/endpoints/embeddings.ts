import { errors } from "../http/openai-error.ts";
import { countPromptInput } from "../tokenize/index.ts";
import { type MeteredEndpoint, tokenUsage } from "./types.ts";

export const embeddings: MeteredEndpoint = {
  path: "/embeddings",
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
  estimate: (body) => ({
    promptTokens: countPromptInput(body.input as Parameters<typeof countPromptInput>[0]),
    maxCompletionTokens: 0,
  }),
  usage: (answer) => ({ ...tokenUsage(answer), completionTokens: 0, images: 0 }),
};
