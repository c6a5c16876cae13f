"use client";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, useDeferredValue, useState } from "react";
import { Modal } from "@/components/shared/modal.tsx";
import { Money } from "@/components/shared/money.tsx";
import { LoadingRows, LoadMore, QueryError } from "@/components/shared/query-states.tsx";
import {
  buttonPrimary,
  buttonSecondary,
  DataTable,
  EmptyState,
  FieldError,
  inputClass,
  PageHeader,
} from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { useTRPC } from "@/trpc/client.tsx";
import { errorMessage, StatusBadge } from "./states.tsx";

const PAGE_SIZE = 50;

export function TenantsView() {
  const { t, lang } = useI18n();
  const trpc = useTRPC();
  const [search, setSearch] = useState("");
  const deferred = useDeferredValue(search.trim());
  const tenants = useInfiniteQuery(
    trpc.operatorTenants.list.infiniteQueryOptions(
      { search: deferred || undefined, limit: PAGE_SIZE },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const rows = tenants.data?.pages.flatMap((page) => page.items) ?? [];
  const [creating, setCreating] = useState(false);
  const date = new Intl.DateTimeFormat(lang, { dateStyle: "medium" });

  return (
    <div className="space-y-6">
      <PageHeader
        title={t.operator.tenants.title}
        lead={t.operator.tenants.lead}
        actions={
          <button type="button" className={buttonPrimary} onClick={() => setCreating(true)}>
            {t.operator.tenants.create}
          </button>
        }
      />
      <input
        type="search"
        value={search}
        onChange={(event) => setSearch(event.target.value)}
        placeholder={t.operator.tenants.search}
        aria-label={t.operator.tenants.search}
        className={`${inputClass} max-w-sm`}
      />
      {tenants.isPending ? (
        <LoadingRows rows={5} />
      ) : tenants.isError ? (
        <QueryError retry={() => void tenants.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title={t.operator.tenants.emptyTitle} body={t.operator.tenants.emptyBody} />
      ) : (
        <DataTable
          columns={[
            { label: t.operator.tenants.name },
            { label: t.operator.tenants.balance, numeric: true },
            { label: t.operator.tenants.status },
            { label: t.operator.tenants.created },
          ]}
        >
          {rows.map((tenant) => (
            <tr
              key={tenant.id}
              data-testid="tenant-row"
              className="grid grid-cols-2 gap-x-4 gap-y-1 px-5 py-4 md:table-row md:p-0"
            >
              <td className="col-span-2 md:px-5 md:py-3.5">
                <Link
                  href={`/operator/tenants/${tenant.id}`}
                  className="font-medium text-slate-100 hover:text-indigo-300"
                >
                  {tenant.name}
                </Link>
                <div className="font-mono text-xs text-slate-500">{tenant.slug}</div>
              </td>
              <td className="font-mono tabular-nums text-slate-200 md:px-5 md:py-3.5 md:text-right">
                <Money micros={tenant.balance} />
              </td>
              <td className="text-right md:px-5 md:py-3.5 md:text-left">
                <StatusBadge status={tenant.status} />
              </td>
              <td className="col-span-2 text-xs text-slate-500 md:px-5 md:py-3.5 md:text-sm">
                {date.format(tenant.createdAt)}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <LoadMore query={tenants} label={t.operator.tenants.loadMore} />
      {creating && <CreateTenantDialog onClose={() => setCreating(false)} />}
    </div>
  );
}

function CreateTenantDialog({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  const [credit, setCredit] = useState("");
  const slugValid = slug.trim() === "" || /^[a-z0-9][a-z0-9-]{0,47}$/.test(slug.trim());
  const create = useMutation(
    trpc.operatorTenants.create.mutationOptions({
      onSuccess: async (tenant) => {
        await queryClient.invalidateQueries({ queryKey: trpc.operatorTenants.list.pathKey() });
        router.push(`/operator/tenants/${tenant.id}`);
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!slugValid) return;
    create.mutate({ name: name.trim(), slug: slug.trim(), credit: credit.trim() || undefined });
  };
  return (
    <Modal title={t.operator.tenants.createTitle} onClose={onClose} locked={create.isPending}>
      <form onSubmit={submit} className="space-y-4" noValidate>
        <label className="block text-sm">
          <span className="mb-1.5 block text-slate-300">{t.operator.tenants.name}</span>
          <input
            className={inputClass}
            value={name}
            onChange={(event) => setName(event.target.value)}
            required
            maxLength={120}
          />
        </label>
        <label className="block text-sm">
          <span className="mb-1.5 block text-slate-300">{t.fixes.slug}</span>
          <input
            className={`${inputClass} font-mono`}
            value={slug}
            onChange={(event) => setSlug(event.target.value)}
            maxLength={48}
            autoCapitalize="none"
            aria-invalid={!slugValid}
            aria-describedby="create-tenant-slug-error"
          />
          <span className="mt-1 block text-xs text-slate-500">{t.fixes.slugHint}</span>
        </label>
        <FieldError
          id="create-tenant-slug-error"
          message={slugValid ? undefined : t.fixes.slugInvalid}
        />
        <label className="block text-sm">
          <span className="mb-1.5 block text-slate-300">{t.operator.tenants.openingCredit}</span>
          <input
            className={inputClass}
            inputMode="decimal"
            value={credit}
            onChange={(event) => setCredit(event.target.value)}
            placeholder="10.00"
          />
          <span className="mt-1 block text-xs text-slate-500">
            {t.operator.tenants.openingCreditHint}
          </span>
        </label>
        <FieldError
          id="create-tenant-error"
          message={create.isError ? errorMessage(create.error, t.auth.errors.generic) : undefined}
        />
        <div className="flex justify-end gap-2">
          <button type="button" className={buttonSecondary} onClick={onClose}>
            {t.common.cancel}
          </button>
          <button
            type="submit"
            className={buttonPrimary}
            disabled={create.isPending || !name.trim() || !slugValid}
          >
            {create.isPending ? t.operator.tenants.creating : t.operator.tenants.create}
          </button>
        </div>
      </form>
    </Modal>
  );
}
