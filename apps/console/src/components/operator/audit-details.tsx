"use client";
import { useMoney } from "@/components/shared/money.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { usd } from "@/lib/display-money.ts";

type Data = Record<string, unknown>;

/** Fields recorded as micro-dollar strings (JSON holds no bigint): shown as money, never raw. */
const MONEY_FIELDS = new Set([
  "amount",
  "credit",
  "refund",
  "reward",
  "lowBalanceThreshold",
  "perImage",
]);

/** Price fields of price.set and the like: perRequest, inputPerMTok, perAudioSecond... */
const PRICE_FIELD = /^per[A-Z]|Per[A-Z]/;

/** Actions whose `before` and `after` are money too. */
const MONEY_CHANGES = new Set(["price.image.set"]);

function parse(text: string): Data {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Data)
      : {};
  } catch {
    return {};
  }
}

const str = (value: unknown): string =>
  value === null || value === undefined ? "—" : typeof value === "string" ? value : String(value);

/** One audit entry's details as a sentence (known actions) and labelled fields (the rest). */
export function AuditDetails({ action, data }: { action: string; data: string }) {
  const { t, lang } = useI18n();
  const { format } = useMoney();
  const a = t.fixes.audit.actions;
  const fields = parse(data);
  const money = (value: unknown): string =>
    (typeof value === "string" && /^-?\d+$/.test(value)) ||
    (typeof value === "number" && Number.isInteger(value))
      ? format(BigInt(value))
      : str(value);
  const number = (value: unknown): string =>
    typeof value === "number" ? value.toLocaleString(lang) : str(value);

  const sentence = (() => {
    switch (action) {
      case "ledger.grant":
        return a["ledger.grant"](money(fields.amount), str(fields.reason));
      case "ledger.adjustment":
        return a["ledger.adjustment"](money(fields.amount), str(fields.reason));
      case "tenant.create":
        return a["tenant.create"](str(fields.name), str(fields.slug));
      case "tenant.suspend":
        return a["tenant.suspend"](str(fields.reason));
      case "tenant.reactivate":
        return a["tenant.reactivate"];
      case "api_key.create":
        return a["api_key.create"](str(fields.name), str(fields.prefix));
      case "api_key.revoke":
        return a["api_key.revoke"](str(fields.prefix));
      case "redemption.generate":
        return a["redemption.generate"](number(fields.count), money(fields.amount));
      case "redemption.redeem":
        return a["redemption.redeem"](money(fields.amount));
      case "channel.test":
        return a["channel.test"](fields.ok === true, number(fields.latencyMs));
      case "member.role":
        return a["member.role"](str(fields.from), str(fields.to));
      case "invitation.create":
        return a["invitation.create"](str(fields.email), str(fields.role));
      case "user.sign_up":
        return a["user.sign_up"](str(fields.email));
      default:
        return undefined;
    }
  })();
  if (sentence !== undefined) {
    const amount = fields.amount;
    return (
      <p
        className="text-sm text-slate-300"
        data-testid="audit-details"
        title={
          typeof amount === "string" && /^-?\d+$/.test(amount) ? usd(BigInt(amount)) : undefined
        }
      >
        {sentence}
      </p>
    );
  }

  const labels = t.fixes.audit.fields;
  const show = (key: string, value: unknown): string => {
    if (
      MONEY_FIELDS.has(key) ||
      PRICE_FIELD.test(key) ||
      (MONEY_CHANGES.has(action) && (key === "before" || key === "after"))
    )
      return money(value);
    if (Array.isArray(value)) return value.map(str).join(", ");
    if (typeof value === "object" && value !== null) {
      return Object.entries(value as Data)
        .map(([k, v]) => `${labels[k] ?? k}: ${show(k, v)}`)
        .join(" · ");
    }
    return typeof value === "number" ? number(value) : str(value);
  };
  const entries = Object.entries(fields);
  if (entries.length === 0) return <span className="text-slate-500">—</span>;
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs" data-testid="audit-details">
      {entries.map(([key, value]) => (
        <div key={key} className="contents">
          <dt className="text-slate-500">{labels[key] ?? key}</dt>
          <dd className="break-words text-slate-300">{show(key, value)}</dd>
        </div>
      ))}
    </dl>
  );
}
