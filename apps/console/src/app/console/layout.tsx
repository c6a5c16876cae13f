import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { getSession } from "@/server/auth/get-session.ts";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  if (!(await getSession())) redirect("/sign-in?callbackUrl=/console");
  return children;
}
