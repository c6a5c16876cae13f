import type { IncomingMessage } from "node:http";
import { hashApiKey } from "@relay/services/key-secret";
import { errors, OpenAIError } from "../http/openai-error.ts";
import { ipAllowed } from "./ip-policy.ts";
import type { KeyCache, KeyRecord } from "./key-cache.ts";

/** The bearer token of a request, if any. (The legacy body field is read by the body parser.) */
export function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/** A key sent in a header of its own (Anthropic's x-api-key), when the route accepts one. */
export function headerKey(req: IncomingMessage, name: string | undefined): string | undefined {
  const value = name === undefined ? undefined : req.headers[name];
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/** Resolves a presented key to its record, or throws the OpenAI error a client should see. */
export async function authenticate(
  cache: KeyCache,
  presented: string | undefined,
): Promise<KeyRecord> {
  if (!presented) throw errors.missingKey();
  const record = await cache.get(hashApiKey(presented));
  if (!record) throw errors.invalidKey(presented);
  if (record.status === "REVOKED") throw errors.keyDisabled("revoked");
  if (record.status === "DISABLED") throw errors.keyDisabled("disabled");
  if (record.expiresAt && record.expiresAt.getTime() <= Date.now())
    throw errors.keyDisabled("expired");
  if (record.tenantStatus !== "ACTIVE") throw errors.tenantSuspended();
  return record;
}

/**
 * authenticate, then the key's IP allow-list for the client's address: every authenticated route
 * goes through here, so no route answers a key from an address it does not admit.
 */
export async function authorize(
  cache: KeyCache,
  presented: string | undefined,
  clientIp: string,
): Promise<KeyRecord> {
  const record = await authenticate(cache, presented);
  if (!ipAllowed(record, clientIp)) throw errors.ipNotAllowed(clientIp || "an unknown address");
  return record;
}

export function modelAllowed(record: KeyRecord, model: string): boolean {
  return record.allowedModels.length === 0 || record.allowedModels.includes(model);
}

export { OpenAIError };
