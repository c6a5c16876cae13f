import type { CatalogState } from "../catalog/catalog.ts";
import type { MeteredEndpoint } from "../endpoints/types.ts";
import { errors } from "../http/openai-error.ts";

/**
 * The model a call names or, when it names none, its endpoint's default (the seed service's
 * clients send no model), written into the body so the upstream is asked for it too. Without a
 * default such a call is OpenAI's 400.
 */
export function modelOf(
  body: Record<string, unknown>,
  endpoint: Pick<MeteredEndpoint, "defaultModel">,
  catalog: Pick<CatalogState, "defaults">,
): string {
  const named = body.model;
  if (named === undefined || named === null || named === "") {
    const fallback = endpoint.defaultModel && catalog.defaults.get(endpoint.defaultModel);
    if (!fallback) throw errors.missingParam("model");
    body.model = fallback;
    return fallback;
  }
  if (typeof named !== "string") throw errors.missingParam("model");
  return named;
}
