import { describe, expect, it } from "vitest";
import {
  countChatPromptTokens,
  countTokens,
  decodeTokens,
  encodeText,
  tokenPieces,
  truncateToTokens,
} from "./tokens.ts";

describe("token counting (o200k_base)", () => {
  it.each([
    ["", 0],
    ["hello world", 2],
    ["Hello, world!", 4],
  ])("%j has %i tokens", (text, count) => {
    expect(countTokens(text)).toBe(count);
  });

  it("counts a remembered text as it was counted the first time, and a long one too", () => {
    const long = "word ".repeat(400);
    for (const text of ["Say hello in five words.", long]) {
      expect(countTokens(text)).toBe(encodeText(text).length);
      expect(countTokens(text)).toBe(encodeText(text).length);
    }
  });

  it("counts special-token text as plain text instead of throwing", () => {
    expect(countTokens("<|endoftext|>")).toBeGreaterThan(1);
  });

  it("counts a chat as OpenAI does: 3 per message, field tokens, 1 per name, 3 priming", () => {
    const messages = [
      { role: "system", content: "Be brief." },
      { role: "user", content: "hello world", name: "ann" },
    ];
    const expected =
      3 +
      (3 + countTokens("system") + countTokens("Be brief.")) +
      (3 + countTokens("user") + countTokens("hello world") + countTokens("ann") + 1) +
      0;
    expect(countChatPromptTokens(messages)).toBe(expected);
    expect(
      countChatPromptTokens([{ role: "user", content: [{ type: "text", text: "hello world" }] }]),
    ).toBe(3 + 3 + countTokens("user") + 2);
  });
});

describe("token pieces and truncation", () => {
  it("splits into pieces of whole characters that join back to the text", () => {
    const text = "Snow 雪 and 🎉 fireworks.";
    const tokens = encodeText(text);
    const pieces = tokenPieces(tokens);
    expect(pieces.map((p) => p.text).join("")).toBe(text);
    expect(pieces.flatMap((p) => p.tokens)).toEqual(tokens);
    // Nothing is left behind in the shared decoder.
    expect(decodeTokens(encodeText("plain"))).toBe("plain");
  });

  it("truncates to at most the cap, never leaving half a character", () => {
    const text = "🎉🎉🎉 party time";
    for (let cap = 1; cap < countTokens(text); cap += 1) {
      const cut = truncateToTokens(text, cap);
      expect(cut.truncated).toBe(true);
      expect(countTokens(cut.text)).toBeLessThanOrEqual(cap);
      expect(cut.tokens).toBe(countTokens(cut.text));
      expect(cut.text).not.toContain("\uFFFD");
      expect(text.startsWith(cut.text)).toBe(true);
    }
    expect(truncateToTokens(text, 100)).toEqual({
      text,
      truncated: false,
      tokens: countTokens(text),
    });
  });
});
