import { SignUpForm } from "@/components/auth/sign-up-form.tsx";
import { env } from "@/env.ts";

export const dynamic = "force-dynamic";

export default function SignUpPage() {
  return <SignUpForm github={Boolean(env.GITHUB_ID && env.GITHUB_SECRET)} />;
}
