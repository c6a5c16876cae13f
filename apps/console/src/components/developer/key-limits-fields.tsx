"use client";
import { parseUsdInput, usdInput } from "@relay/billing/money";
import { inputClass } from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";

/** The limits a key can carry, as the form reads them: null means "no limit". */
export interface KeyLimits {
  expiresAt: Date | null;
  allowedModels: string[];
  allowedIps: string[];
  rpmLimit: number | null;
  tpmLimit: number | null;
  /** Micro-dollars. */
  budget: bigint | null;
}

export type LimitErrors = Partial<Record<"expiresAt" | "rpm" | "tpm" | "budget" | "ips", string>>;

const ipv4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

/** A quick check for the form; the server's check (node:net) is the one that counts. */
function looksLikeIpOrCidr(text: string): boolean {
  const [address = "", prefix, extra] = text.split("/");
  if (extra !== undefined) return false;
  const v4 = ipv4.test(address);
  const v6 = !v4 && address.includes(":") && /^[0-9a-fA-F:.]+$/.test(address);
  if (!v4 && !v6) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (v4 ? 32 : 128);
}

const list = (text: string) =>
  text
    .split(/[,\s]+/)
    .map((part) => part.trim())
    .filter(Boolean);

/** Reads the fields below out of a submitted form. */
export function readLimits(
  form: FormData,
  t: ReturnType<typeof useI18n>["t"],
): { limits: KeyLimits; errors: LimitErrors } {
  const text = (name: string) => String(form.get(name) ?? "").trim();
  const errors: LimitErrors = {};
  const positiveInt = (value: string, field: "rpm" | "tpm") => {
    if (!value) return null;
    if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 2_000_000_000) {
      errors[field] = t.dev.limits.badNumber;
      return null;
    }
    return Number(value);
  };
  const expires = text("expiresAt");
  const budgetText = text("budget");
  const budget = budgetText ? parseUsdInput(budgetText) : null;
  if (budget === undefined || budget === 0n) errors.budget = t.dev.limits.badUsd;
  const allowedIps = list(text("allowedIps"));
  const badIp = allowedIps.find((ip) => !looksLikeIpOrCidr(ip));
  if (badIp) errors.ips = t.dev.limits.badIp(badIp);
  return {
    errors,
    limits: {
      expiresAt: expires ? new Date(`${expires}T00:00:00Z`) : null,
      allowedModels: list(text("allowedModels")),
      allowedIps,
      rpmLimit: positiveInt(text("rpmLimit"), "rpm"),
      tpmLimit: positiveInt(text("tpmLimit"), "tpm"),
      budget: budget ?? null,
    },
  };
}

/** The key's code/msg switch as the form's select reads it: null follows the organization. */
export function readCodeMsg(form: FormData): boolean | null {
  const value = form.get("codeMsg");
  return value === "on" ? true : value === "off" ? false : null;
}

export function KeyLimitsFields({
  initial,
  errors,
  codeMsg,
}: {
  initial?: KeyLimits;
  errors: LimitErrors;
  /** Shown when given: the key's "code" and "msg" switch (null: follow the organization). */
  codeMsg?: boolean | null;
}) {
  const { t } = useI18n();
  const field = (
    name: string,
    label: string,
    props: {
      hint?: string;
      error?: string;
      defaultValue?: string;
      type?: string;
      inputMode?: "numeric" | "decimal";
      placeholder?: string;
      wide?: boolean;
    },
  ) => (
    <div className={props.wide ? "sm:col-span-2" : undefined}>
      <label htmlFor={`limit-${name}`} className="mb-1 block text-xs font-medium text-slate-300">
        {label}
      </label>
      <input
        id={`limit-${name}`}
        name={name}
        type={props.type ?? "text"}
        inputMode={props.inputMode}
        placeholder={props.placeholder}
        defaultValue={props.defaultValue}
        aria-invalid={Boolean(props.error)}
        className={inputClass}
      />
      {props.error ? (
        <p role="alert" className="mt-1 text-xs text-rose-300">
          {props.error}
        </p>
      ) : (
        props.hint && <p className="mt-1 text-xs text-slate-500">{props.hint}</p>
      )}
    </div>
  );
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      {field("rpmLimit", t.dev.limits.rpm, {
        inputMode: "numeric",
        defaultValue: initial?.rpmLimit?.toString(),
        error: errors.rpm,
      })}
      {field("tpmLimit", t.dev.limits.tpm, {
        inputMode: "numeric",
        defaultValue: initial?.tpmLimit?.toString(),
        error: errors.tpm,
      })}
      {field("budget", t.dev.limits.budget, {
        inputMode: "decimal",
        placeholder: "25.00",
        hint: t.dev.limits.budgetHint,
        defaultValue: initial?.budget != null ? usdInput(initial.budget) : undefined,
        error: errors.budget,
      })}
      {field("expiresAt", t.dev.limits.expiresAt, {
        type: "date",
        hint: t.dev.limits.expiresHint,
        defaultValue: initial?.expiresAt?.toISOString().slice(0, 10),
        error: errors.expiresAt,
      })}
      {field("allowedModels", t.dev.limits.models, {
        wide: true,
        placeholder: "gpt-4o-mini, gpt-4o",
        hint: t.dev.limits.modelsHint,
        defaultValue: initial?.allowedModels.join(", "),
      })}
      {field("allowedIps", t.dev.limits.ips, {
        wide: true,
        placeholder: "203.0.113.7, 10.0.0.0/8",
        hint: t.dev.limits.ipsHint,
        defaultValue: initial?.allowedIps.join(", "),
        error: errors.ips,
      })}
      {codeMsg !== undefined && (
        <div className="sm:col-span-2">
          <label htmlFor="limit-codeMsg" className="mb-1 block text-xs font-medium text-slate-300">
            {t.compat.keyLabel}
          </label>
          <select
            id="limit-codeMsg"
            name="codeMsg"
            className={inputClass}
            defaultValue={codeMsg === null ? "inherit" : codeMsg ? "on" : "off"}
          >
            <option value="inherit">{t.compat.choices.inheritTenant}</option>
            <option value="on">{t.compat.choices.on}</option>
            <option value="off">{t.compat.choices.off}</option>
          </select>
        </div>
      )}
    </div>
  );
}
