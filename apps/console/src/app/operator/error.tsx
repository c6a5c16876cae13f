"use client";
import { buttonSecondary, ErrorState } from "@/components/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";

export default function OperatorError({ reset }: { error: Error; reset: () => void }) {
  const { t } = useI18n();
  return (
    <ErrorState
      title={t.common.errorTitle}
      body={t.common.errorBody}
      action={
        <button type="button" onClick={reset} className={buttonSecondary}>
          {t.common.retry}
        </button>
      }
    />
  );
}
