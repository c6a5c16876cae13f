import { getDb } from "@relay/db";
import { previewInvitation } from "@relay/services";
import { SignUpForm } from "@/components/shared/auth/sign-up-form.tsx";
import { env } from "@/env.ts";
import { callbackPathOr } from "@/lib/callback-url.ts";

export const dynamic = "force-dynamic";

export default async function SignUpPage({
  searchParams,
}: {
  searchParams: Promise<{
    callbackUrl?: string | string[];
    ref?: string | string[];
    invite?: string | string[];
  }>;
}) {
  const { callbackUrl, ref, invite } = await searchParams;
  const preview =
    typeof invite === "string"
      ? await previewInvitation({ ctx: { db: getDb() }, input: { token: invite } })
      : null;
  return (
    <SignUpForm
      callbackUrl={callbackPathOr(callbackUrl, "/console")}
      referralCode={typeof ref === "string" ? ref : undefined}
      invitation={
        preview?.state === "pending" && typeof invite === "string"
          ? { token: invite, workspace: preview.workspace }
          : undefined
      }
      github={Boolean(env.GITHUB_ID && env.GITHUB_SECRET)}
    />
  );
}
