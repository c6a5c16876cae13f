import { modelAllowed } from "../auth/authenticate.ts";
import type { KeyRecord } from "../auth/key-cache.ts";
import type { Catalog, CatalogModel } from "../catalog/catalog.ts";
import { errors } from "../http/openai-error.ts";

function toOpenAI(model: CatalogModel) {
  return { id: model.id, object: "model", created: model.created, owned_by: model.ownedBy };
}

/** GET /v1/models: only the models this key may use. */
export async function listModels(catalog: Catalog, key: KeyRecord) {
  const models = [...(await catalog.models()).values()].filter((m) => modelAllowed(key, m.id));
  return { object: "list", data: models.map(toOpenAI) };
}

/** GET /v1/models/{id}: 404 for models that do not exist or that this key may not use. */
export async function retrieveModel(catalog: Catalog, key: KeyRecord, id: string) {
  const model = (await catalog.models()).get(id);
  if (!model || !modelAllowed(key, id)) throw errors.modelNotFound(id);
  return toOpenAI(model);
}
