import { modelNotFound } from "../errors.ts";
import type { Route } from "../route.ts";

/** What GET /v1/models lists unless the sim is started with its own list. */
export const DEFAULT_MODELS: readonly string[] = [
  "gpt-4o",
  "gpt-4o-mini",
  "gpt-4.1",
  "gpt-4.1-mini",
  "gpt-4.1-nano",
  "gpt-3.5-turbo",
  "gpt-3.5-turbo-instruct",
  "davinci-002",
  "babbage-002",
  "text-embedding-3-small",
  "text-embedding-3-large",
  "text-embedding-ada-002",
  "dall-e-2",
  "dall-e-3",
  "gpt-image-1",
  "omni-moderation-latest",
  "text-moderation-latest",
];

// A fixed `created` keeps the listing byte-for-byte stable between runs.
const CREATED = 1_700_000_000;

function modelObject(id: string) {
  return {
    id,
    object: "model",
    created: CREATED,
    owned_by: id.startsWith("ft:") ? "user" : "system",
  };
}

export const listModels: Route = {
  method: "GET",
  path: "/v1/models",
  handle: ({ models }) => ({
    kind: "json",
    body: { object: "list", data: models.map(modelObject) },
  }),
};

export const retrieveModel: Route = {
  method: "GET",
  path: "/v1/models/:id",
  handle: ({ models, params }) => {
    const id = params.id ?? "";
    if (!models.includes(id)) throw modelNotFound(id);
    return { kind: "json", body: modelObject(id) };
  },
};
