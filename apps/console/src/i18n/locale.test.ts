import { describe, expect, it } from "vitest";
import { negotiateLocale } from "./locale.ts";

describe("negotiateLocale", () => {
  const cases: Array<
    [cookie: string | undefined, acceptLanguage: string | null, expected: string]
  > = [
    [undefined, null, "en"],
    [undefined, "", "en"],
    [undefined, "zh-CN,zh;q=0.9,en;q=0.8", "zh"],
    [undefined, "zh-TW", "zh"],
    [undefined, "en-US,en;q=0.9,zh;q=0.8", "en"],
    [undefined, "fr-FR,fr;q=0.9,zh;q=0.5,en;q=0.4", "zh"],
    [undefined, "en;q=0.2,zh;q=0.8", "zh"],
    [undefined, "zh;q=0,en;q=0.1", "en"],
    [undefined, "de,fr", "en"],
    ["zh", "en-US", "zh"],
    ["en", "zh-CN", "en"],
    ["klingon", "zh-CN", "zh"],
  ];

  it.each(cases)("cookie %s, Accept-Language %s -> %s", (cookie, acceptLanguage, expected) => {
    expect(negotiateLocale(cookie, acceptLanguage)).toBe(expected);
  });
});
