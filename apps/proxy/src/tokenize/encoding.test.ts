import { describe, expect, it } from "vitest";
import { countTextTokens, encodingForModel, promptBudget } from "./encoding.ts";

describe("encodingForModel", () => {
  it.each([
    ["gpt-4o", "o200k_base"],
    ["gpt-4o-mini-2024-07-18", "o200k_base"],
    ["chatgpt-4o-latest", "o200k_base"],
    ["gpt-4.1-nano", "o200k_base"],
    ["gpt-4.5-preview", "o200k_base"],
    ["gpt-5", "o200k_base"],
    ["o1", "o200k_base"],
    ["o3-mini", "o200k_base"],
    ["o4-mini", "o200k_base"],
    ["ft:gpt-4o-mini-2024-07-18:acme::abc123", "o200k_base"],
    ["claude-3-5-sonnet", "o200k_base"],
    ["gpt-4", "cl100k_base"],
    ["gpt-4-0613", "cl100k_base"],
    ["gpt-4-turbo", "cl100k_base"],
    ["gpt-4-32k", "cl100k_base"],
    ["GPT-3.5-turbo", "cl100k_base"],
    ["gpt-35-turbo", "cl100k_base"],
    ["gpt-3.5-turbo-instruct", "cl100k_base"],
    ["text-embedding-ada-002", "cl100k_base"],
    ["text-embedding-3-small", "cl100k_base"],
    ["text-embedding-3-large", "cl100k_base"],
    ["openai/gpt-4", "cl100k_base"],
    ["ft:gpt-3.5-turbo-0125:acme::xyz", "cl100k_base"],
  ])("%s -> %s", (model, encoding) => {
    expect(encodingForModel(model)).toBe(encoding);
  });
});

describe("countTextTokens", () => {
  it.each([
    ["hello world", "gpt-4o", 2],
    ["hello world", "gpt-4", 2],
    // The OpenAI cookbook's example string.
    ["tiktoken is great!", "gpt-3.5-turbo", 6],
    ["", "gpt-4o", 0],
  ])("%j on %s is %d tokens", (text, model, tokens) => {
    expect(countTextTokens(text, model)).toBe(tokens);
  });

  it("differs between the encodings where their vocabularies do", () => {
    const text = "Привет, как дела? Это тест токенизатора.";
    expect(countTextTokens(text, "gpt-4o")).toBeLessThan(countTextTokens(text, "gpt-4"));
  });

  it("counts special-token text as plain text instead of throwing", () => {
    expect(countTextTokens("<|endoftext|>", "gpt-4o")).toBe(7);
  });

  it("counts a huge pre-token in linear time, with the exact result for a repeated letter", () => {
    // Unsliced this takes ~45 s; sliced, milliseconds.
    const started = performance.now();
    expect(countTextTokens("a".repeat(200_000), "gpt-4o")).toBe(25_000);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("keeps surrogate pairs whole when slicing", () => {
    const emoji = "😀".repeat(1_000); // one run of symbols, sliced
    const alone = countTextTokens("😀".repeat(50), "gpt-4o");
    expect(countTextTokens(emoji, "gpt-4o")).toBeGreaterThanOrEqual(alone * 20);
    expect(countTextTokens(emoji, "gpt-4o")).toBeLessThanOrEqual(alone * 20 + 20);
  });

  it("with a budget, counts exactly up to it and bounds the rest by its UTF-8 bytes", () => {
    const text = "hello world, 你好世界 ".repeat(100); // 1,800 characters
    const budget = promptBudget(500);
    const head = countTextTokens(text.slice(0, 500), "gpt-4o");
    const rest = Buffer.byteLength(text.slice(500), "utf8");
    expect(countTextTokens(text, "gpt-4o", budget)).toBe(head + rest);
    expect(budget.exactChars).toBe(0);
    // Spent: everything after is bounded only.
    expect(countTextTokens("hello", "gpt-4o", budget)).toBe(5);
    // The bound is never below the exact count.
    expect(head + rest).toBeGreaterThanOrEqual(countTextTokens(text, "gpt-4o"));
  });

  it("within the budget counts exactly and spends what it counted", () => {
    const budget = promptBudget(100);
    expect(countTextTokens("hello world", "gpt-4o", budget)).toBe(
      countTextTokens("hello world", "gpt-4o"),
    );
    expect(budget.exactChars).toBe(89);
  });
});
