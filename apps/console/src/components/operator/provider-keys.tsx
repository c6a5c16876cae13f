"use client";
// The operator's WeChat Pay and Alipay keys: one form each, with the notification URL to
// register. Secrets (private keys, the APIv3 key) are write-only: blank keeps the saved one.
// A provider is offered to developers exactly when its keys are saved and the currency is CNY.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { type FormEvent, useState } from "react";
import { CopyButton } from "@/components/shared/copy-button.tsx";
import { buttonPrimary, buttonSecondary, cardClass, inputClass } from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import type { AppRouter } from "@/server/root.ts";
import { useTRPC } from "@/trpc/client.tsx";
import { QrRefund } from "./qr-refund.tsx";
import { errorMessage } from "./states.tsx";

type Settings = inferRouterOutputs<AppRouter>["operatorPayments"]["get"];

function Field({
  label,
  name,
  value,
  secret,
  multiline,
  hint,
}: {
  label: string;
  name: string;
  value?: string | null;
  secret?: boolean;
  multiline?: boolean;
  hint?: string;
}) {
  const id = `key-${name}-${label.length}`;
  const common = {
    id,
    name,
    defaultValue: value ?? "",
    className: `${inputClass} mt-1 font-mono text-xs`,
    autoComplete: "off",
    placeholder: hint,
    "data-testid": `key-${name}`,
  };
  return (
    <div className="text-xs text-slate-400">
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea {...common} rows={4} />
      ) : (
        <input {...common} type={secret ? "password" : "text"} />
      )}
    </div>
  );
}

function ProviderCard({
  provider,
  configured,
  notifyUrl,
  cny,
  children,
  onSave,
}: {
  provider: "wechat_pay" | "alipay";
  configured: boolean;
  notifyUrl: string;
  cny: boolean;
  children: React.ReactNode;
  onSave: (form: FormData) => Promise<unknown>;
}) {
  const { t } = useI18n();
  const k = t.providerKeys;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: trpc.operatorPayments.get.queryKey() });
  const save = useMutation({ mutationFn: onSave, onSuccess: refresh });
  const remove = useMutation(
    trpc.operatorPayments.removeProvider.mutationOptions({ onSuccess: refresh }),
  );
  const [done, setDone] = useState<string>();
  const name = t.qrPay.providers[provider];
  return (
    <form
      className={`${cardClass} space-y-3`}
      aria-labelledby={`keys-${provider}`}
      onSubmit={(event: FormEvent<HTMLFormElement>) => {
        event.preventDefault();
        setDone(undefined);
        save.mutate(new FormData(event.currentTarget), { onSuccess: () => setDone(k.saved) });
      }}
    >
      <div className="flex items-center justify-between">
        <h2 id={`keys-${provider}`} className="text-sm font-medium text-white">
          {k.title(name)}
        </h2>
        <span
          className={`text-xs ${configured ? "text-emerald-300" : "text-slate-400"}`}
          data-testid={`provider-${provider}-state`}
        >
          {configured ? k.on : k.off}
        </span>
      </div>
      {configured && !cny && <p className="text-xs text-amber-300">{k.needsCny}</p>}
      <div className="text-xs text-slate-400">
        {k.notifyUrl}
        <div className="mt-1 flex items-center gap-2">
          <code className="break-all text-slate-200">{notifyUrl}</code>
          <CopyButton value={notifyUrl} label={t.common.copy} copiedLabel={t.common.copied} />
        </div>
        <p className="mt-1 text-slate-500">{k.notifyHint}</p>
      </div>
      {children}
      {save.isError && (
        <p className="text-sm text-rose-300">{errorMessage(save.error, t.qrPay.failed)}</p>
      )}
      {done && <p className="text-sm text-emerald-300">{done}</p>}
      <div className="flex gap-2">
        <button type="submit" className={buttonPrimary} disabled={save.isPending}>
          {save.isPending ? k.saving : k.save}
        </button>
        {configured && (
          <button
            type="button"
            className={buttonSecondary}
            disabled={remove.isPending}
            onClick={() => remove.mutate({ provider }, { onSuccess: () => setDone(k.removed) })}
          >
            {k.remove}
          </button>
        )}
      </div>
    </form>
  );
}

const text = (form: FormData, name: string) => String(form.get(name) ?? "");

export function ProviderKeys({ settings }: { settings: Settings }) {
  const { t } = useI18n();
  const k = t.providerKeys;
  const trpc = useTRPC();
  const saveWechat = useMutation(trpc.operatorPayments.saveWechatPay.mutationOptions());
  const saveAlipay = useMutation(trpc.operatorPayments.saveAlipay.mutationOptions());
  const wechat = settings.wechatPay.keys;
  const alipay = settings.alipay.keys;
  const cny = settings.currency === "cny";
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <ProviderCard
        provider="wechat_pay"
        configured={wechat !== null}
        notifyUrl={settings.wechatPay.notifyUrl}
        cny={cny}
        onSave={(form) =>
          saveWechat.mutateAsync({
            mchId: text(form, "mchId"),
            appId: text(form, "appId"),
            merchantSerialNo: text(form, "merchantSerialNo"),
            merchantPrivateKey: text(form, "merchantPrivateKey"),
            apiV3Key: text(form, "apiV3Key"),
            platformSerial: text(form, "platformSerial"),
            platformPublicKey: text(form, "platformPublicKey"),
            apiBase: text(form, "apiBase"),
          })
        }
      >
        <Field label={k.wechat.mchId} name="mchId" value={wechat?.mchId} />
        <Field label={k.wechat.appId} name="appId" value={wechat?.appId} />
        <Field
          label={k.wechat.merchantSerialNo}
          name="merchantSerialNo"
          value={wechat?.merchantSerialNo}
        />
        <Field
          label={k.wechat.merchantPrivateKey}
          name="merchantPrivateKey"
          multiline
          hint={wechat ? k.secretKept : undefined}
        />
        <Field
          label={k.wechat.apiV3Key}
          name="apiV3Key"
          secret
          hint={wechat ? k.secretKept : undefined}
        />
        <Field
          label={k.wechat.platformSerial}
          name="platformSerial"
          value={wechat?.platformSerial}
        />
        <Field
          label={k.wechat.platformPublicKey}
          name="platformPublicKey"
          value={wechat?.platformPublicKey}
          multiline
        />
        <Field label={k.wechat.apiBase} name="apiBase" value={wechat?.apiBase} />
      </ProviderCard>
      <ProviderCard
        provider="alipay"
        configured={alipay !== null}
        notifyUrl={settings.alipay.notifyUrl}
        cny={cny}
        onSave={(form) =>
          saveAlipay.mutateAsync({
            appId: text(form, "appId"),
            appPrivateKey: text(form, "appPrivateKey"),
            alipayPublicKey: text(form, "alipayPublicKey"),
            gateway: text(form, "gateway"),
          })
        }
      >
        <Field label={k.alipay.appId} name="appId" value={alipay?.appId} />
        <Field
          label={k.alipay.appPrivateKey}
          name="appPrivateKey"
          multiline
          hint={alipay ? k.secretKept : undefined}
        />
        <Field
          label={k.alipay.alipayPublicKey}
          name="alipayPublicKey"
          value={alipay?.alipayPublicKey}
          multiline
        />
        <Field label={k.alipay.gateway} name="gateway" value={alipay?.gateway} />
      </ProviderCard>
      {(wechat || alipay) && <QrRefund />}
    </div>
  );
}
