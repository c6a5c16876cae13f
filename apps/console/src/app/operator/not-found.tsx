import { EmptyState } from "@/components/shared/ui.tsx";
import { getMessages } from "@/i18n/locale.ts";

export default async function OperatorNotFound() {
  const { t } = await getMessages();
  return (
    <EmptyState
      title={t.common.notFoundTitle}
      body={t.common.notFoundBody}
      action={
        <a href="/operator/tenants" className="text-sm text-indigo-300 hover:text-indigo-200">
          {t.operator.detail.back}
        </a>
      }
    />
  );
}
