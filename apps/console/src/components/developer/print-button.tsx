"use client";
import { buttonPrimary } from "@/components/shared/ui.tsx";

export function PrintButton({ label }: { label: string }) {
  return (
    <button type="button" className={buttonPrimary} onClick={() => window.print()}>
      {label}
    </button>
  );
}
