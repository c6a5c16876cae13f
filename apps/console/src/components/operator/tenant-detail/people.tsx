"use client";
import { cardClass } from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";

export function MembersSection({
  members,
}: {
  members: Array<{
    userId: string;
    email: string;
    name: string | null;
    role: "OWNER" | "ADMIN" | "DEVELOPER";
  }>;
}) {
  const { t } = useI18n();
  return (
    <section className={cardClass}>
      <h2 className="font-medium text-white">{t.operator.detail.members}</h2>
      {members.length === 0 ? (
        <p className="mt-3 text-sm text-slate-500">{t.operator.detail.noMembers}</p>
      ) : (
        <ul className="mt-3 divide-y divide-white/5 text-sm">
          {members.map((member) => (
            <li key={member.userId} className="flex items-center justify-between gap-3 py-2">
              <span className="min-w-0 truncate text-slate-200">
                {member.name ? `${member.name} · ` : ""}
                <span className="text-slate-400">{member.email}</span>
              </span>
              <span className="shrink-0 text-xs text-slate-400">{t.shell.roles[member.role]}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The tenant's keys by name and prefix (never a secret or a hash). */
export function KeysSection({
  keys,
}: {
  keys: Array<{
    id: string;
    name: string;
    prefix: string;
    status: "ACTIVE" | "DISABLED" | "REVOKED";
    lastUsedAt: Date | null;
  }>;
}) {
  const { t, lang } = useI18n();
  const date = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" });
  return (
    <section className={cardClass}>
      <h2 className="font-medium text-white">{t.operator.detail.keys}</h2>
      {keys.length === 0 ? (
        <p className="mt-3 text-sm text-slate-500">{t.operator.detail.noKeys}</p>
      ) : (
        <ul className="mt-3 divide-y divide-white/5 text-sm">
          {keys.map((key) => (
            <li key={key.id} className="flex items-center justify-between gap-3 py-2">
              <span className="min-w-0 truncate">
                <span className="text-slate-200">{key.name}</span>{" "}
                <code className="font-mono text-xs text-slate-500">{key.prefix}…</code>
              </span>
              <span className="shrink-0 text-xs text-slate-400">
                {t.keys.statuses[key.status]} · {t.operator.detail.lastUsed}:{" "}
                {key.lastUsedAt ? date.format(key.lastUsedAt) : t.common.never}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
