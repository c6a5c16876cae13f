"use server";
import { cookies } from "next/headers";
import { LOCALE_COOKIE } from "./locale.ts";
import { isLocale } from "./messages/index.ts";

/** Form action of the language switch: remembers the choice for a year. */
export async function setLocale(formData: FormData): Promise<void> {
  const locale = formData.get("locale");
  if (!isLocale(locale)) return;
  (await cookies()).set(LOCALE_COOKIE, locale, {
    path: "/",
    maxAge: 60 * 60 * 24 * 365,
    sameSite: "lax",
  });
}
