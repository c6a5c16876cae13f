// How the credentials sign-in tells the form it was throttled: next-auth hands an error thrown
// by authorize() to the client as a string, so the minutes to wait travel inside it.

const PREFIX = "TooManyAttempts:";

/** The error text for a refused attempt: whole minutes, rounded up, at least one. */
export function throttledSignInError(retryAfterSeconds: number): string {
  return `${PREFIX}${Math.max(1, Math.ceil(retryAfterSeconds / 60))}`;
}

/** The minutes to wait when `error` is a throttled sign-in, else null. */
export function throttledMinutes(error: string | null | undefined): number | null {
  if (!error?.startsWith(PREFIX)) return null;
  const minutes = Number(error.slice(PREFIX.length));
  return Number.isInteger(minutes) && minutes > 0 ? minutes : null;
}

/** The password was right; the account's two-factor code is missing ("required") or wrong. */
export const TWO_FACTOR_REQUIRED = "TwoFactorRequired";
export const TWO_FACTOR_INVALID = "TwoFactorInvalid";
