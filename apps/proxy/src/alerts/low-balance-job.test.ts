// The proxy's low-balance job: a balance-change notification or the proxy's own committed charges
// get an alert out within moments, the periodic sweep catches anything else, two replicas' jobs
// email a crossing once, and a stopped job sends nothing.
import { formatUsd } from "@relay/billing";
import { creditTenant } from "@relay/services";
import { LOW_BALANCE_KIND } from "@relay/services/low-balance";
import { mailSettingsFrom } from "@relay/services/mail-settings";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { listenForChanges } from "../auth/revocations.ts";
import { changeHandlers } from "../server.ts";
import { type Harness, miniPrice, startHarness } from "../testing/harness.ts";
import { type LowBalanceJob, nudgeOnBalanceChange, startLowBalanceJob } from "./low-balance-job.ts";

const settings = mailSettingsFrom({});
const HOUR = 3_600_000;
let h: Harness;
const jobs: LowBalanceJob[] = [];
/** What the proxy calls after each committed batch of charges (main.ts nudges the job). */
let onSettled: (() => void) | undefined;

beforeAll(async () => {
  h = await startHarness({ proxy: { onSettled: () => onSettled?.() } });
});
// Sweeps are global: a job left running would alert the next test's tenants.
afterEach(async () => {
  onSettled = undefined;
  for (const job of jobs.splice(0)) await job.stop();
});
afterAll(async () => {
  await h.close();
});

function job(options: { delayMs?: number; intervalMs?: number } = {}): LowBalanceJob {
  const started = startLowBalanceJob({
    db: h.db,
    consoleUrl: "http://console.test",
    settings,
    delayMs: options.delayMs ?? 20,
    intervalMs: options.intervalMs ?? HOUR,
  });
  jobs.push(started);
  return started;
}

async function withThreshold(credit: string, threshold: bigint) {
  const made = await h.tenant({ credit });
  await h.db.tenant.update({
    where: { id: made.tenantId },
    data: { lowBalanceThreshold: threshold, lowBalanceEmail: "alerts@job.example" },
  });
  return made;
}

async function alerts(tenantId: string) {
  return h.db.emailMessage.findMany({ where: { tenantId, kind: LOW_BALANCE_KIND } });
}

/** Polls until the tenant has `count` alerts, or the deadline passes. */
async function waitForAlerts(tenantId: string, count: number, ms = 5_000) {
  const deadline = Date.now() + ms;
  let found = await alerts(tenantId);
  while (found.length < count && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    found = await alerts(tenantId);
  }
  return found;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("low-balance job", () => {
  it("a debit's notification brings the alert within moments, not at the next interval", async () => {
    const { tenantId } = await withThreshold("10", 5_000_000n);
    const running = job();
    await running.sweepNow();
    const stopListening = await listenForChanges(
      process.env.DATABASE_URL ?? "",
      nudgeOnBalanceChange(changeHandlers(h.proxy.gateway), running),
    );
    try {
      await creditTenant({
        ctx: { db: h.db, actor: { label: "test" } },
        input: { tenant: tenantId, amount: -6_000_000n, reason: "correction" },
      });
      const [mail, ...more] = await waitForAlerts(tenantId, 1);
      expect(more).toHaveLength(0);
      expect(mail?.to).toBe("alerts@job.example");
      expect(mail?.text).toContain("is $4.000000, below the $5.000000 you set");
    } finally {
      await stopListening();
    }
  });

  it("the proxy's own charges nudge the job: the alert comes without waiting for the interval", async () => {
    const { tenantId, key } = await withThreshold("1", 999_999n);
    const running = job();
    await running.sweepNow();
    onSettled = () => running.nudge();
    const answer = await h.client(key).chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "spend a little" }],
    });
    if (!answer.usage) throw new Error("no usage");
    const balance = 1_000_000n - miniPrice(answer.usage);
    const [mail, ...more] = await waitForAlerts(tenantId, 1);
    expect(more).toHaveLength(0);
    expect(mail?.text).toContain(`is $${formatUsd(balance)}, below the $0.999999 you set`);
  });

  it("the periodic sweep catches a crossing made by the proxy's own usage", async () => {
    const { tenantId, key } = await withThreshold("1", 999_999n);
    job({ intervalMs: 100 });
    const answer = await h.client(key).chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "spend a little" }],
    });
    if (!answer.usage) throw new Error("no usage");
    const balance = 1_000_000n - miniPrice(answer.usage);
    expect((await h.balance(tenantId)).balance).toBe(balance);
    const [mail] = await waitForAlerts(tenantId, 1);
    expect(mail?.text).toContain(`is $${formatUsd(balance)}, below the $0.999999 you set`);
  });

  it("two replicas' jobs sweeping together email a crossing once", async () => {
    const { tenantId } = await withThreshold("2", 3_000_000n);
    const [a, b] = [job(), job()];
    await Promise.all([a.sweepNow(), b.sweepNow(), a.sweepNow(), b.sweepNow()]);
    await sleep(100);
    expect(await alerts(tenantId)).toHaveLength(1);
  });

  it("a stopped job sweeps no more", async () => {
    const stopped = job({ intervalMs: 50 });
    await stopped.stop();
    const { tenantId } = await withThreshold("1", 2_000_000n);
    stopped.nudge();
    await stopped.sweepNow();
    await sleep(200);
    expect(await alerts(tenantId)).toHaveLength(0);
  });
});
