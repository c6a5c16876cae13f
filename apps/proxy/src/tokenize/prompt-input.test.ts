import { describe, expect, it } from "vitest";
import { countPromptInput } from "./prompt-input.ts";

describe("countPromptInput", () => {
  it.each<[string, Parameters<typeof countPromptInput>[0], number]>([
    ["a string", "hello world", 2],
    ["an array of strings", ["hello world", "tiktoken is great!"], 8],
    ["a token array", [15339, 1917, 0, 7], 4],
    ["an array of token arrays", [[15339, 1917], [1], []], 3],
    ["an empty string", "", 0],
    ["an empty array", [], 0],
    ["nothing", undefined, 0],
  ])("%s", (_name, input, tokens) => {
    expect(countPromptInput(input)).toBe(tokens);
  });

  it("uses the model's encoding for text", () => {
    const text = "Привет, как дела? Это тест токенизатора.";
    expect(countPromptInput(text, "gpt-3.5-turbo-instruct")).toBeGreaterThan(
      countPromptInput(text, "gpt-4o"),
    );
  });
});
