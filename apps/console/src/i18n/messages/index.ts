import { en } from "./en.ts";
import { zh } from "./zh.ts";

type Widen<T> = {
  readonly [K in keyof T]: T[K] extends string
    ? string
    : T[K] extends (...args: infer A) => string
      ? (...args: A) => string
      : Widen<T[K]>;
};

/** English's shape with plain strings: every language has exactly the same keys. */
export type Messages = Widen<typeof en>;

export const locales = ["en", "zh"] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = "en";

export const dictionaries: Record<Locale, Messages> = { en, zh };

/** The value for `<html lang>` and `Intl` formatting. */
export const htmlLang: Record<Locale, string> = { en: "en", zh: "zh-CN" };

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (locales as readonly string[]).includes(value);
}
