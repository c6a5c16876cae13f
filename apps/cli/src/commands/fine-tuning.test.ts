// The operator's fine-tuning commands, run as a separate process: prices and quotas land in the
// database with their audit rows, and bad flags exit 2 before touching anything.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { closeDb, getDb, projectRoot } from "@relay/db";
import { afterAll, describe, expect, it } from "vitest";

const root = projectRoot();
const db = getDb();
afterAll(() => closeDb());

async function relay(...args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", join(root, "apps/cli/src/main.ts"), ...args],
      { cwd: root, env: process.env },
    );
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, stdout: failed.stdout };
  }
}

describe("relay fine-tune-price and storage-quota", () => {
  it("set a base model's fine-tuning prices and a tenant's quota, audited", async () => {
    await db.model.upsert({
      where: { id: "ft-cli-base" },
      create: { id: "ft-cli-base" },
      update: {},
    });
    const priced = await relay(
      "fine-tune-price",
      "set",
      "--model",
      "ft-cli-base",
      "--training",
      "3",
      "--input",
      "0.3",
      "--output",
      "1.2",
      "--json",
    );
    expect(priced.code).toBe(0);
    expect(JSON.parse(priced.stdout)).toMatchObject({
      model: "ft-cli-base",
      trainingPer1M: { micros: "3000000" },
    });
    expect(await db.fineTunePrice.findUnique({ where: { modelId: "ft-cli-base" } })).toMatchObject({
      trainingPerMTok: 3_000_000n,
      inputPerMTok: 300_000n,
      outputPerMTok: 1_200_000n,
    });

    const slug = `ft-cli-${Date.now()}`;
    const tenant = await db.tenant.create({ data: { name: slug, slug } });
    expect((await relay("storage-quota", "set", "--tenant", slug, "--mib", "5")).code).toBe(0);
    expect(
      (await db.tenant.findUniqueOrThrow({ where: { id: tenant.id } })).storageQuotaBytes,
    ).toBe(5n * 1024n * 1024n);
    expect((await relay("storage-quota", "set", "--tenant", slug)).code).toBe(0);
    expect(
      (await db.tenant.findUniqueOrThrow({ where: { id: tenant.id } })).storageQuotaBytes,
    ).toBeNull();
    expect(
      await db.auditLog.count({ where: { action: "tenant.storage_quota", tenantId: tenant.id } }),
    ).toBe(2);

    expect((await relay("storage-quota", "set", "--tenant", slug, "--mib", "-1")).code).toBe(2);
  });
});
