import { SignInForm } from "@/components/shared/auth/sign-in-form.tsx";
import { env } from "@/env.ts";
import { callbackPathOr } from "@/lib/callback-url.ts";

export const dynamic = "force-dynamic";

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string | string[] }>;
}) {
  const { callbackUrl } = await searchParams;
  return (
    <SignInForm
      callbackUrl={callbackPathOr(callbackUrl, "/console")}
      github={Boolean(env.GITHUB_ID && env.GITHUB_SECRET)}
    />
  );
}
