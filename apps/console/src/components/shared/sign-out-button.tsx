"use client";
import { signOut } from "next-auth/react";
import { buttonSecondary } from "./ui.tsx";

export function SignOutButton({ label, className }: { label: string; className?: string }) {
  return (
    <button
      type="button"
      onClick={() => void signOut({ callbackUrl: "/" })}
      className={className ?? buttonSecondary}
    >
      {label}
    </button>
  );
}
