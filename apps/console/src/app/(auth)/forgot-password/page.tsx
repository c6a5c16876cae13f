import { ForgotPasswordForm } from "@/components/shared/auth/forgot-password-form.tsx";

export const dynamic = "force-dynamic";

export default function ForgotPasswordPage() {
  return <ForgotPasswordForm />;
}
