import { SignInForm } from "@/components/auth/sign-in-form.tsx";
import { env } from "@/env.ts";

export const dynamic = "force-dynamic";

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string | string[] }>;
}) {
  const { callbackUrl } = await searchParams;
  // Only same-site paths: an absolute callbackUrl would make this an open redirect.
  const next =
    typeof callbackUrl === "string" && callbackUrl.startsWith("/") && !callbackUrl.startsWith("//")
      ? callbackUrl
      : "/console";
  return <SignInForm callbackUrl={next} github={Boolean(env.GITHUB_ID && env.GITHUB_SECRET)} />;
}
