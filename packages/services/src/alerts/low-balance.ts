// Low-balance alerts, once per crossing. A tenant with a threshold is alerted when its balance
// (the ledger's sum; open holds do not count) is below the threshold and it has not been alerted
// since it last was at or above it. One UPDATE ... RETURNING claims the tenants and stamps
// low_balance_alerted_at, so of two replicas sweeping at once only one gets each tenant: the
// other's UPDATE waits on the row lock, re-reads it and no longer matches. The email row is
// written in the same transaction as the claim; delivery (SMTP, when configured) follows the
// commit. A tenant back at or above its threshold is re-armed (alertedAt = NULL).
import { formatUsd } from "@relay/billing";
import { type Db, inTransaction, Prisma, type Tx } from "@relay/db";
import { deliverEmail, recordEmail } from "../mail/send.ts";
import type { MailSettings } from "../mail/settings.ts";

export const LOW_BALANCE_KIND = "low_balance";

/** Alerted, and back at or above its threshold (or without one): the next crossing alerts again. */
const REARMABLE = Prisma.sql`low_balance_alerted_at IS NOT NULL
  AND (low_balance_threshold IS NULL OR balance >= low_balance_threshold)`;
/** Below its threshold and not alerted since it last was at or above it. */
const CROSSED = Prisma.sql`low_balance_threshold IS NOT NULL
  AND low_balance_alerted_at IS NULL AND balance < low_balance_threshold`;

export interface LowBalanceAlert {
  tenantId: string;
  /** Where it went: the tenant's alert address, else its owners. Empty: nobody to tell. */
  to: string;
  balance: bigint;
  threshold: bigint;
  emailId?: string;
}

export interface LowBalanceSweep {
  alerted: LowBalanceAlert[];
  /** Tenants whose balance is back at or above the threshold: the next crossing alerts again. */
  rearmed: string[];
}

interface Claimed {
  id: string;
  name: string;
  slug: string;
  balance: bigint;
  threshold: bigint;
  email: string | null;
}

export async function sweepLowBalance({
  ctx,
  input = {},
  settings,
}: {
  ctx: { db: Db | Tx };
  /** The console's public URL, for the top-up link in the email. */
  input?: { consoleUrl?: string };
  /** The app's SMTP_URL and MAIL_FROM. */
  settings: MailSettings;
}): Promise<LowBalanceSweep> {
  // Most sweeps find nothing to do (the proxy sweeps after its charges, once a second under
  // load): one read says so, without the UPDATE and the claim's transaction, which cost its
  // event loop ~2.8 ms a sweep against ~0.9 ms. A crossing committed after this read nudges
  // the next sweep.
  const [due] = await ctx.db.$queryRaw<Array<{ rearm: boolean; claim: boolean }>>`
    SELECT EXISTS (SELECT 1 FROM tenants WHERE ${REARMABLE}) AS rearm,
           EXISTS (SELECT 1 FROM tenants WHERE ${CROSSED}) AS claim`;
  if (!due?.rearm && !due?.claim) return { alerted: [], rearmed: [] };

  const rearmed = await ctx.db.$queryRaw<Array<{ id: string }>>`
    UPDATE tenants SET low_balance_alerted_at = NULL WHERE ${REARMABLE} RETURNING id`;

  const recorded = await inTransaction(ctx.db, async (tx) => {
    const claimed = await tx.$queryRaw<Claimed[]>`
      UPDATE tenants SET low_balance_alerted_at = now()
      WHERE ${CROSSED}
      RETURNING id, name, slug, balance, low_balance_threshold AS threshold,
        low_balance_email AS email`;
    const out = [];
    for (const tenant of claimed) {
      const to = tenant.email ?? (await ownerEmails(tx, tenant.id)).join(", ");
      const alert: LowBalanceAlert = {
        tenantId: tenant.id,
        to,
        balance: tenant.balance,
        threshold: tenant.threshold,
      };
      if (!to) {
        console.warn(`low-balance alert for tenant ${tenant.id}: no owner or address to tell`);
        out.push({ alert, message: undefined });
        continue;
      }
      const message = await recordEmail(
        tx,
        {
          kind: LOW_BALANCE_KIND,
          to,
          tenantId: tenant.id,
          ...lowBalanceEmail({ ...tenant, consoleUrl: input.consoleUrl }),
        },
        settings,
      );
      out.push({ alert: { ...alert, emailId: message.id }, message });
    }
    return out;
  });

  for (const { message } of recorded) {
    if (message) await deliverEmail(ctx.db, message, settings);
  }
  return { alerted: recorded.map((r) => r.alert), rearmed: rearmed.map((r) => r.id) };
}

async function ownerEmails(tx: Tx, tenantId: string): Promise<string[]> {
  const owners = await tx.membership.findMany({
    where: { tenantId, role: "OWNER", user: { disabledAt: null } },
    select: { user: { select: { email: true } } },
    orderBy: { createdAt: "asc" },
  });
  return owners.map((o) => o.user.email);
}

/** The alert in English and Chinese, amounts exact to the micro-dollar. */
export function lowBalanceEmail(tenant: {
  name: string;
  slug: string;
  balance: bigint;
  threshold: bigint;
  consoleUrl?: string;
}): { subject: string; text: string } {
  const balance = `$${formatUsd(tenant.balance)}`;
  const threshold = `$${formatUsd(tenant.threshold)}`;
  const topUp = tenant.consoleUrl
    ? `${tenant.consoleUrl.replace(/\/$/, "")}/console/${encodeURIComponent(tenant.slug)}/billing`
    : undefined;
  const text = [
    `The balance of your workspace "${tenant.name}" is ${balance}, below the ${threshold} you set for this alert.`,
    "Calls are refused once the balance cannot cover them: top up to keep your API keys working.",
    ...(topUp ? [`Top up: ${topUp}`] : []),
    "You get this email once each time the balance falls below the threshold.",
    "",
    `你的工作区“${tenant.name}”余额为 ${balance}，已低于你设置的提醒阈值 ${threshold}。`,
    "余额不足以支付调用时，请求将被拒绝：请及时充值，以保证 API 密钥正常使用。",
    ...(topUp ? [`充值：${topUp}`] : []),
    "每次余额跌破阈值时只提醒一次。",
    "",
  ].join("\n");
  return {
    subject: `Low balance: ${tenant.name} is below ${threshold} / 余额不足：${tenant.name} 低于 ${threshold}`,
    text,
  };
}
