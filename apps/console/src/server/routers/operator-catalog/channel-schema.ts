import { z } from "zod";

/** A channel as operators see it: the credential's hint only, never the credential. */
export const channelOutput = z.object({
  id: z.uuid(),
  name: z.string(),
  provider: z.enum(["OPENAI", "OPENAI_COMPATIBLE", "AZURE", "ANTHROPIC"]),
  baseUrl: z.string(),
  credentialHint: z.string(),
  priority: z.number().int(),
  weight: z.number().int(),
  status: z.enum(["ENABLED", "DISABLED"]),
  failureCount: z.number().int(),
  successCount: z.number().int(),
  lastFailureAt: z.date().nullable(),
  cooldownUntil: z.date().nullable(),
  lastLatencyMs: z.number().int().nullable(),
  models: z.array(z.object({ modelId: z.string(), upstreamModel: z.string().nullable() })),
});

/** What add and edit answer: enough to update a row, nothing secret. */
export const channelSavedOutput = z.object({
  id: z.uuid(),
  name: z.string(),
  status: z.enum(["ENABLED", "DISABLED"]),
  credentialHint: z.string(),
});
