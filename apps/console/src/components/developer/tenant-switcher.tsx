"use client";
import { useRouter } from "next/navigation";
import { useI18n } from "@/i18n/client.tsx";

type Role = "OWNER" | "ADMIN" | "DEVELOPER";

/** A plain name when the person has one workspace, a select when they have several. */
export function TenantSwitcher({
  current,
  memberships,
}: {
  current: string;
  memberships: Array<{ slug: string; name: string; role: Role }>;
}) {
  const { t } = useI18n();
  const router = useRouter();
  const active = memberships.find((m) => m.slug === current);
  if (memberships.length < 2) {
    return (
      <div className="flex min-w-0 items-center gap-2 text-sm">
        <span className="text-slate-600">/</span>
        <span className="truncate font-medium text-slate-200">{active?.name}</span>
        {active && (
          <span className="shrink-0 rounded-md border border-white/10 px-1.5 py-0.5 text-[11px] text-slate-400">
            {t.shell.roles[active.role]}
          </span>
        )}
      </div>
    );
  }
  return (
    <label className="flex min-w-0 items-center gap-2 text-sm">
      <span className="text-slate-600">/</span>
      <span className="sr-only">{t.shell.workspace}</span>
      <select
        value={current}
        onChange={(event) => router.push(`/console/${event.target.value}`)}
        className="min-w-0 max-w-56 truncate rounded-lg border border-white/10 bg-slate-900 px-2 py-1 text-sm font-medium text-slate-200"
      >
        {memberships.map((m) => (
          <option key={m.slug} value={m.slug}>
            {m.name} · {t.shell.roles[m.role]}
          </option>
        ))}
      </select>
    </label>
  );
}
