import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { REQUEST_PATH_HEADER, signInFor } from "@/lib/request-path.ts";
import { getSession } from "@/server/auth/get-session.ts";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  if (!(await getSession())) {
    redirect(signInFor((await headers()).get(REQUEST_PATH_HEADER), "/console"));
  }
  return children;
}
