import { callbackPathOr } from "./callback-url.ts";

export const REQUEST_PATH_HEADER = "x-relay-request-path";

/** Sign-in, coming back to the page that was asked for (a same-origin path, else `fallback`). */
export function signInFor(requested: string | null, fallback: string): string {
  return `/sign-in?callbackUrl=${encodeURIComponent(callbackPathOr(requested, fallback))}`;
}
