import { router } from "../../trpc.ts";
import { accountRequestPasswordReset } from "./request-password-reset.ts";
import { accountResendVerification } from "./resend-verification.ts";
import { accountResetPassword } from "./reset-password.ts";
import { accountSecurity } from "./security.ts";
import { accountSignUp } from "./sign-up.ts";
import {
  accountTwoFactorConfirm,
  accountTwoFactorDisable,
  accountTwoFactorStart,
} from "./two-factor.ts";

export const accountRouter = router({
  signUp: accountSignUp,
  requestPasswordReset: accountRequestPasswordReset,
  resetPassword: accountResetPassword,
  resendVerification: accountResendVerification,
  security: accountSecurity,
  twoFactorStart: accountTwoFactorStart,
  twoFactorConfirm: accountTwoFactorConfirm,
  twoFactorDisable: accountTwoFactorDisable,
});
