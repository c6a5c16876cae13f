// A workspace's files and jobs are its own: another workspace's member, a missing id and no
// session read nothing. Fine-tuning prices and storage quotas are the operator's alone, and every
// change to them is audited. Through createCaller.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppSession } from "./auth/session.ts";
import { callerFor, codeOf, db, type Person, person } from "./testing.ts";

let owner: Person;
let stranger: Person;
let operator: AppSession;
const MISSING = "00000000-0000-4000-8000-000000000000";

beforeAll(async () => {
  owner = await person("ft-owner@example.com");
  stranger = await person("ft-stranger@example.com");
  const op = await person("ft-operator@example.com");
  await db.user.update({ where: { id: op.session.user.id }, data: { role: "OPERATOR" } });
  operator = { user: { ...op.session.user, role: "OPERATOR" } };
  const channel = await db.channel.create({
    data: {
      name: "ft-test",
      provider: "OPENAI",
      baseUrl: "http://127.0.0.1:9/v1",
      credentialCiphertext: "x",
      credentialHint: "x",
    },
  });
  await db.model.upsert({
    where: { id: "gpt-4o-mini" },
    create: { id: "gpt-4o-mini" },
    update: {},
  });
  await db.upstreamObject.createMany({
    data: [
      {
        tenantId: owner.tenant.id,
        channelId: channel.id,
        kind: "FILE",
        upstreamId: "file-ft-owner",
        bytes: 2048n,
        purpose: "fine-tune",
        filename: "train.jsonl",
      },
      {
        tenantId: owner.tenant.id,
        channelId: channel.id,
        kind: "FINE_TUNING_JOB",
        upstreamId: "ftjob-ft-owner",
        baseModel: "gpt-4o-mini",
        status: "succeeded",
        charged: 1_234n,
        snapshot: { trained_tokens: 411, fine_tuned_model: "ft:gpt-4o-mini:x::1" },
      },
    ],
  });
});

afterAll(async () => {
  await db.$disconnect();
});

describe("files and fine-tuning jobs in the console", () => {
  it("the workspace's member sees its files, jobs, costs and storage", async () => {
    const list = await callerFor(owner.session).fineTuning.list({ tenantId: owner.tenant.id });
    expect(list.storage).toEqual({ used: 2048n, quota: 1n << 30n });
    expect(list.files.map((f) => f.id)).toEqual(["file-ft-owner"]);
    expect(list.jobs).toMatchObject([
      { id: "ftjob-ft-owner", status: "succeeded", trainedTokens: 411, charged: 1_234n },
    ]);
  });

  it("another workspace's member, a missing id and no session read nothing", async () => {
    const list = (tenantId: string, session: AppSession | null) =>
      codeOf(callerFor(session).fineTuning.list({ tenantId }));
    expect(await list(owner.tenant.id, stranger.session)).toBe("NOT_FOUND");
    expect(await list(MISSING, stranger.session)).toBe("NOT_FOUND");
    expect(await list(owner.tenant.id, null)).toBe("UNAUTHORIZED");
    const own = await callerFor(stranger.session).fineTuning.list({ tenantId: stranger.tenant.id });
    expect(own.files).toEqual([]);
    expect(own.jobs).toEqual([]);
  });
});

describe("fine-tuning prices and storage quotas", () => {
  it("are the operator's alone", async () => {
    const member = callerFor(owner.session).operatorFineTuning;
    expect(await codeOf(member.prices())).toBe("FORBIDDEN");
    expect(
      await codeOf(
        member.setPrice({ model: "gpt-4o-mini", training: "1", input: "1", output: "1" }),
      ),
    ).toBe("FORBIDDEN");
    expect(await codeOf(member.setQuota({ tenantId: owner.tenant.id, mib: 1 }))).toBe("FORBIDDEN");
  });

  it("the operator sets them, with an audit row each", async () => {
    const op = callerFor(operator).operatorFineTuning;
    await op.setPrice({ model: "gpt-4o-mini", training: "2.5", input: "0.5", output: "2" });
    const row = (await op.prices()).find((p) => p.model === "gpt-4o-mini");
    expect(row).toMatchObject({
      trainingPerMTok: 2_500_000n,
      outputPerMTok: 2_000_000n,
      custom: true,
    });
    await op.setQuota({ tenantId: owner.tenant.id, mib: 10 });
    const list = await callerFor(owner.session).fineTuning.list({ tenantId: owner.tenant.id });
    expect(list.storage.quota).toBe(10n * 1024n * 1024n);
    const audit = await db.auditLog.findMany({
      where: { action: { in: ["fine_tune_price.set", "tenant.storage_quota"] } },
    });
    expect(audit.map((a) => a.action).sort()).toEqual([
      "fine_tune_price.set",
      "tenant.storage_quota",
    ]);
  });
});
