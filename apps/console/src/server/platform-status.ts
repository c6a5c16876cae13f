import type { Db } from "@relay/db";

export interface PlatformCounts {
  tenants: number;
  models: { total: number; enabled: number };
  channels: { total: number; enabled: number };
}

export type PlatformStatus =
  | { ok: true; counts: PlatformCounts; checkedAt: Date }
  | { ok: false; error: string; checkedAt: Date };

/**
 * Counts shown on the landing page. Never throws: an unreachable database is a value the page
 * renders, and a hung connection gives up after `timeoutMs` instead of hanging the request.
 */
export async function readPlatformStatus({
  db,
  timeoutMs = 3000,
}: {
  db: () => Db;
  timeoutMs?: number;
}): Promise<PlatformStatus> {
  const checkedAt = new Date();
  try {
    const client = db();
    const [tenants, models, enabledModels, channels, enabledChannels] = await withTimeout(
      client.$transaction([
        client.tenant.count(),
        client.model.count(),
        client.model.count({ where: { enabled: true } }),
        client.channel.count(),
        client.channel.count({ where: { status: "ENABLED" } }),
      ]),
      timeoutMs,
    );
    return {
      ok: true,
      checkedAt,
      counts: {
        tenants,
        models: { total: models, enabled: enabledModels },
        channels: { total: channels, enabled: enabledChannels },
      },
    };
  } catch (error) {
    return { ok: false, checkedAt, error: errorMessage(error) };
  }
}

/** A trivial round trip, for the health endpoint. */
export async function pingDatabase({
  db,
  timeoutMs = 2000,
}: {
  db: () => Db;
  timeoutMs?: number;
}): Promise<{ ok: true } | { ok: false; error: string }> {
  try {
    const client = db();
    await withTimeout(client.$queryRaw`SELECT 1`, timeoutMs);
    return { ok: true };
  } catch (error) {
    return { ok: false, error: errorMessage(error) };
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from the database within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
