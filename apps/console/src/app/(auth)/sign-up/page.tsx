import { SignUpForm } from "@/components/shared/auth/sign-up-form.tsx";
import { env } from "@/env.ts";
import { callbackPathOr } from "@/lib/callback-url.ts";

export const dynamic = "force-dynamic";

export default async function SignUpPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string | string[]; ref?: string | string[] }>;
}) {
  const { callbackUrl, ref } = await searchParams;
  return (
    <SignUpForm
      callbackUrl={callbackPathOr(callbackUrl, "/console")}
      referralCode={typeof ref === "string" ? ref : undefined}
      github={Boolean(env.GITHUB_ID && env.GITHUB_SECRET)}
    />
  );
}
