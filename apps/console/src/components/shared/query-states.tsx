"use client";
import { useI18n } from "@/i18n/client.tsx";
// What every list shows around its query: placeholder rows while it loads, the error with a retry,
// and the "load more" button of a paged (infinite) query, or the line that says it is all there.
import { buttonSecondary, ErrorState, Skeleton } from "./ui.tsx";

/** Placeholder rows while a query loads. */
export function LoadingRows({
  rows = 3,
  className = "h-12",
}: {
  rows?: number;
  className?: string;
}) {
  return (
    <div className="space-y-2" aria-busy>
      {Array.from({ length: rows }, (_, index) => (
        <Skeleton key={index} className={className} />
      ))}
    </div>
  );
}

/** A failed query, with a retry. */
export function QueryError({ retry }: { retry: () => void }) {
  const { t } = useI18n();
  return (
    <ErrorState
      title={t.common.errorTitle}
      body={t.common.errorBody}
      action={
        <button type="button" onClick={retry} className={buttonSecondary}>
          {t.common.retry}
        </button>
      }
    />
  );
}

/** The part of an infinite query LoadMore needs. */
export interface PagedQuery {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
}

/** The next page's button while there is one; after the last page, `end` if given. */
export function LoadMore({
  query,
  label,
  end,
  className = "",
}: {
  query: PagedQuery;
  label: string;
  end?: string;
  className?: string;
}) {
  const { t } = useI18n();
  if (!query.hasNextPage) return end ? <p className="text-sm text-slate-500">{end}</p> : null;
  return (
    <button
      type="button"
      className={`${buttonSecondary} ${className}`}
      disabled={query.isFetchingNextPage}
      onClick={() => void query.fetchNextPage()}
    >
      {query.isFetchingNextPage ? t.common.loading : label}
    </button>
  );
}
