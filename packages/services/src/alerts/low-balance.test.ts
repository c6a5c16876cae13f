import { randomUUID } from "node:crypto";
import { postLedgerEntry } from "@relay/billing";
import { getDb } from "@relay/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mailSettingsFrom } from "../mail/settings.ts";
import { type SmtpDouble, startSmtpDouble } from "../mail/testing.ts";
import { updateTenantSettings } from "../tenant/settings.ts";
import { signUp, signUpInput } from "../user/sign-up.ts";
import { LOW_BALANCE_KIND, sweepLowBalance } from "./low-balance.ts";

const db = getDb();
const actor = { label: "test" };
const outbox = mailSettingsFrom({});
const consoleUrl = "https://console.relay.example/";
let smtp: SmtpDouble;

beforeAll(async () => {
  smtp = await startSmtpDouble();
});

afterAll(async () => {
  await smtp.close();
  await db.$disconnect();
});

/** A workspace signed up the ordinary way, with credit and an alert threshold. */
async function workspace(name: string, credit: bigint, threshold: bigint | null, email?: string) {
  const owner = `${name.toLowerCase().replaceAll(" ", "-")}-${randomUUID().slice(0, 8)}@alerts.example`;
  const { tenant } = await signUp({
    ctx: { db, actor },
    input: signUpInput.parse({ name, email: owner, company: name, password: "password123" }),
  });
  if (credit !== 0n) await move(tenant.id, credit);
  await updateTenantSettings({
    ctx: { db, actor },
    input: { tenantId: tenant.id, lowBalanceThreshold: threshold, lowBalanceEmail: email ?? null },
  });
  return { tenantId: tenant.id, slug: tenant.slug, owner };
}

/** A credit (> 0) or a usage debit (< 0), posted like every ledger entry. */
async function move(tenantId: string, amount: bigint): Promise<void> {
  await postLedgerEntry({
    ctx: { db },
    input: {
      tenantId,
      kind: amount > 0n ? "GRANT" : "USAGE",
      amount,
      idempotencyKey: `alert-test:${randomUUID()}`,
    },
  });
}

async function alertsOf(tenantId: string) {
  return db.emailMessage.findMany({
    where: { tenantId, kind: LOW_BALANCE_KIND },
    orderBy: { createdAt: "asc" },
  });
}

async function alertedAt(tenantId: string): Promise<Date | null> {
  const tenant = await db.tenant.findUniqueOrThrow({ where: { id: tenantId } });
  return tenant.lowBalanceAlertedAt;
}

const sweep = () => sweepLowBalance({ ctx: { db }, input: { consoleUrl }, settings: outbox });

describe("low-balance alerts", () => {
  it("alert once per crossing: cross, spend more, credit back to the threshold, cross again", async () => {
    const { tenantId, slug, owner } = await workspace("Crossing Co", 2_000_000n, 1_500_000n);

    await sweep();
    expect(await alertsOf(tenantId)).toHaveLength(0);
    expect(await alertedAt(tenantId)).toBeNull();

    // 2.000000 - 0.750000 = 1.250000 < 1.500000: exactly one email, to the owner.
    await move(tenantId, -750_000n);
    const first = await sweep();
    expect(first.alerted.filter((a) => a.tenantId === tenantId)).toEqual([
      {
        tenantId,
        to: owner,
        balance: 1_250_000n,
        threshold: 1_500_000n,
        emailId: expect.any(String),
      },
    ]);
    const [mail, ...more] = await alertsOf(tenantId);
    expect(more).toHaveLength(0);
    const link = `https://console.relay.example/console/${slug}/billing`;
    expect(mail).toMatchObject({
      to: owner,
      transport: "outbox",
      sentAt: null,
      error: null,
      subject: "Low balance: Crossing Co is below $1.500000 / 余额不足：Crossing Co 低于 $1.500000",
      text: [
        'The balance of your workspace "Crossing Co" is $1.250000, below the $1.500000 you set for this alert.',
        "Calls are refused once the balance cannot cover them: top up to keep your API keys working.",
        `Top up: ${link}`,
        "You get this email once each time the balance falls below the threshold.",
        "",
        "你的工作区“Crossing Co”余额为 $1.250000，已低于你设置的提醒阈值 $1.500000。",
        "余额不足以支付调用时，请求将被拒绝：请及时充值，以保证 API 密钥正常使用。",
        `充值：${link}`,
        "每次余额跌破阈值时只提醒一次。",
        "",
      ].join("\n"),
    });
    expect(await alertedAt(tenantId)).toBeInstanceOf(Date);

    // Further spends below the threshold: no second email.
    await move(tenantId, -250_000n);
    await sweep();
    await move(tenantId, -1_000_000n);
    await sweep();
    expect(await alertsOf(tenantId)).toHaveLength(1);

    // Back to exactly the threshold (0.000000 + 1.500000): re-armed, nothing sent.
    await move(tenantId, 1_500_000n);
    const rearm = await sweep();
    expect(rearm.rearmed).toContain(tenantId);
    expect(rearm.alerted.map((a) => a.tenantId)).not.toContain(tenantId);
    expect(await alertedAt(tenantId)).toBeNull();
    expect(await alertsOf(tenantId)).toHaveLength(1);

    // One micro-dollar below: the second crossing, the second email.
    await move(tenantId, -1n);
    await sweep();
    const alerts = await alertsOf(tenantId);
    expect(alerts).toHaveLength(2);
    expect(alerts[1]?.text).toContain('"Crossing Co" is $1.499999, below the $1.500000');
  });

  it("two sweeps at once send one email", async () => {
    const { tenantId } = await workspace("Race Co", 1_000_000n, 1_500_000n);
    const [a, b] = await Promise.all([sweep(), sweep()]);
    const claims = [...a.alerted, ...b.alerted].filter((x) => x.tenantId === tenantId);
    expect(claims).toHaveLength(1);
    expect(await alertsOf(tenantId)).toHaveLength(1);
  });

  it("many sweeps racing over many crossing tenants still alert each exactly once", async () => {
    const tenants = await Promise.all(
      [1, 2, 3, 4, 5].map((i) => workspace(`Herd ${i}`, 100_000n, 200_000n)),
    );
    await Promise.all([sweep(), sweep(), sweep(), sweep()]);
    for (const { tenantId } of tenants) expect(await alertsOf(tenantId)).toHaveLength(1);
  });

  it("no threshold, no alert; a balance at the threshold is not below it", async () => {
    const off = await workspace("Off Co", 0n, null);
    await move(off.tenantId, -5_000_000n);
    const equal = await workspace("Equal Co", 1_000_000n, 1_000_000n);
    await sweep();
    expect(await alertsOf(off.tenantId)).toHaveLength(0);
    expect(await alertsOf(equal.tenantId)).toHaveLength(0);
  });

  it("goes to the alert address when set, delivered over SMTP", async () => {
    const { tenantId } = await workspace("Mail Co", 3_000_000n, 5_000_000n, "ops@mail-co.example");
    const before = smtp.received.length;
    const result = await sweepLowBalance({
      ctx: { db },
      settings: mailSettingsFrom({ SMTP_URL: smtp.url }),
    });
    expect(result.alerted.find((a) => a.tenantId === tenantId)?.to).toBe("ops@mail-co.example");
    const delivered = smtp.received.slice(before).filter((m) => m.subject.includes("Mail Co"));
    expect(delivered).toHaveLength(1);
    expect(delivered[0]?.rcptTo).toEqual(["ops@mail-co.example"]);
    expect(delivered[0]?.subject).toBe(
      "Low balance: Mail Co is below $5.000000 / 余额不足：Mail Co 低于 $5.000000",
    );
    const [row] = await alertsOf(tenantId);
    expect(row?.transport).toBe("smtp");
    expect(row?.sentAt).toBeInstanceOf(Date);
    expect(row?.text).not.toContain("Top up:");
  });

  it("every owner is told when no alert address is set", async () => {
    const { tenantId, owner } = await workspace("Two Owners", 0n, 1n);
    const second = await signUp({
      ctx: { db, actor },
      input: signUpInput.parse({
        name: "Second",
        email: `second-${randomUUID().slice(0, 8)}@alerts.example`,
        password: "password123",
      }),
    });
    await db.membership.create({
      data: { tenantId, userId: second.user.id, role: "OWNER" },
    });
    await sweep();
    const [mail] = await alertsOf(tenantId);
    expect(mail?.to).toBe(`${owner}, ${second.user.email}`);
  });
});
