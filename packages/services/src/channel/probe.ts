// The console's "test" button: one real, cheap call (GET the model list) to the channel's
// upstream with its stored credential. The outcome is recorded on the channel's health columns.
import { inTransaction, type ProviderType } from "@relay/db";
import { z } from "zod";
import { writeAudit } from "../audit.ts";
import type { ServiceContext } from "../context.ts";
import { ServiceError } from "../errors.ts";
import { decryptSecret } from "./credential.ts";

export const probeChannelInput = z.object({ channelId: z.uuid() });

export interface ProbeResult {
  ok: boolean;
  /** The upstream's HTTP status; null when no answer arrived (refused, timed out). */
  status: number | null;
  latencyMs: number;
  /** A short, credential-free description of what happened. */
  message: string;
  /** How many models the upstream listed, when it answered with a list. */
  modelCount: number | null;
  /** The ids it listed (the first MAX_LISTED), so the console can offer them to serve. */
  models: string[];
}

const MAX_LISTED = 500;

const TIMEOUT_MS = 10_000;
const AZURE_DEFAULT_API_VERSION = "2024-10-21";

/** Where each provider lists its models, and how it wants the credential. */
export function modelListRequest(
  provider: ProviderType,
  baseUrl: string,
  credential: string,
  config: Record<string, unknown>,
): { url: string; headers: Record<string, string> } {
  const base = baseUrl.replace(/\/+$/, "");
  switch (provider) {
    case "AZURE": {
      const version =
        typeof config.apiVersion === "string" ? config.apiVersion : AZURE_DEFAULT_API_VERSION;
      return {
        url: `${base}/openai/models?api-version=${encodeURIComponent(version)}`,
        headers: { "api-key": credential },
      };
    }
    case "ANTHROPIC":
      return {
        url: base.endsWith("/v1") ? `${base}/models` : `${base}/v1/models`,
        headers: { "x-api-key": credential, "anthropic-version": "2023-06-01" },
      };
    default:
      return { url: `${base}/models`, headers: { authorization: `Bearer ${credential}` } };
  }
}

function describeBody(body: unknown): string | null {
  if (typeof body !== "object" || body === null) return null;
  const error = (body as { error?: unknown }).error;
  if (typeof error === "string") return error;
  if (typeof error === "object" && error !== null) {
    const message = (error as { message?: unknown }).message;
    if (typeof message === "string") return message;
  }
  return null;
}

function modelIds(body: unknown): string[] {
  if (typeof body !== "object" || body === null) return [];
  const data = (body as { data?: unknown }).data;
  if (!Array.isArray(data)) return [];
  return data
    .map((entry: unknown) =>
      typeof entry === "object" && entry !== null ? (entry as { id?: unknown }).id : undefined,
    )
    .filter((id): id is string => typeof id === "string" && id.length > 0 && id.length <= 200)
    .slice(0, MAX_LISTED);
}

function countModels(body: unknown): number | null {
  if (typeof body !== "object" || body === null) return null;
  const data = (body as { data?: unknown }).data;
  return Array.isArray(data) ? data.length : null;
}

export async function probeChannel({
  ctx,
  input,
  encryptionKey,
  fetchImpl = fetch,
}: {
  ctx: ServiceContext;
  input: z.output<typeof probeChannelInput>;
  /** The app's RELAY_ENCRYPTION_KEY, to read the stored credential. */
  encryptionKey: Buffer;
  fetchImpl?: typeof fetch;
}): Promise<ProbeResult> {
  const channel = await ctx.db.channel.findUnique({ where: { id: input.channelId } });
  if (!channel) throw new ServiceError("NOT_FOUND", "No such channel");
  const config =
    typeof channel.config === "object" && channel.config !== null && !Array.isArray(channel.config)
      ? (channel.config as Record<string, unknown>)
      : {};
  const request = modelListRequest(
    channel.provider,
    channel.baseUrl,
    decryptSecret(channel.credentialCiphertext, encryptionKey),
    config,
  );

  const started = performance.now();
  let result: ProbeResult;
  try {
    const response = await fetchImpl(request.url, {
      headers: { accept: "application/json", ...request.headers },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const text = await response.text();
    const latencyMs = Math.round(performance.now() - started);
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: described by status alone
    }
    const modelCount = countModels(body);
    result = response.ok
      ? {
          ok: true,
          status: response.status,
          latencyMs,
          modelCount,
          models: modelIds(body),
          message: `HTTP ${response.status}`,
        }
      : {
          ok: false,
          status: response.status,
          latencyMs,
          modelCount: null,
          models: [],
          message: `HTTP ${response.status}: ${(describeBody(body) ?? response.statusText).slice(0, 200)}`,
        };
  } catch (error) {
    const latencyMs = Math.round(performance.now() - started);
    const timedOut = error instanceof Error && error.name === "TimeoutError";
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : "";
    result = {
      ok: false,
      status: null,
      latencyMs,
      modelCount: null,
      models: [],
      message: timedOut
        ? `No answer within ${TIMEOUT_MS / 1000} s`
        : `Could not connect${cause ? `: ${cause.slice(0, 200)}` : ""}`,
    };
  }

  await inTransaction(ctx.db, async (tx) => {
    await tx.channel.update({
      where: { id: channel.id },
      data: result.ok
        ? { successCount: { increment: 1 }, lastLatencyMs: result.latencyMs }
        : { failureCount: { increment: 1 }, lastFailureAt: new Date() },
    });
    await writeAudit(tx, ctx.actor, {
      action: "channel.test",
      targetType: "channel",
      targetId: channel.id,
      data: { ok: result.ok, status: result.status, latencyMs: result.latencyMs },
    });
  });
  return result;
}
