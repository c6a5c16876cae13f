import Link from "next/link";
import { buttonSecondary, EmptyState } from "@/components/shared/ui.tsx";
import { getMessages } from "@/i18n/locale.ts";

export default async function TenantNotFound() {
  const { t } = await getMessages();
  return (
    <main className="mx-auto max-w-xl px-6 py-20">
      <EmptyState
        title={t.common.notFoundTitle}
        body={t.common.notFoundBody}
        action={
          <Link href="/console" className={buttonSecondary}>
            {t.common.back}
          </Link>
        }
      />
    </main>
  );
}
