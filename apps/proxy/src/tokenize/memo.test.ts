import { describe, expect, it } from "vitest";
import { countChatPromptTokens } from "./chat.ts";
import { countTextTokens, promptBudget } from "./encoding.ts";
import { countingFor, MEMO_CHARS, memoSize } from "./memo.ts";

// Prose, then a run of letters long enough to be counted in slices (each seam is uncertain).
const history = (n: number) =>
  `${'The function returns a Promise<void> and logs {"ok": true}. '.repeat(40)}${n} ${"x".repeat(1_000)}`;

describe("the tenant's memo of long texts", () => {
  it("answers a remembered text with the same count and the same uncertainty", () => {
    const text = history(1);
    const fresh = promptBudget();
    const counted = countTextTokens(text, "gpt-4o-mini", fresh);
    expect(fresh.uncertain).toBeGreaterThan(0);

    for (let i = 0; i < 2; i++) {
      const budget = promptBudget();
      const again = countingFor("tenant-a", () => countTextTokens(text, "gpt-4o-mini", budget));
      expect(again).toBe(counted);
      expect(budget.uncertain).toBe(fresh.uncertain);
    }
  });

  it("remembers per tenant and per encoding, never across tenants", () => {
    const text = history(2);
    const before = memoSize().entries;
    countingFor("tenant-a", () => countTextTokens(text, "gpt-4o-mini"));
    expect(memoSize().entries).toBe(before + 1);
    countingFor("tenant-a", () => countTextTokens(text, "gpt-4o-mini"));
    expect(memoSize().entries).toBe(before + 1);
    // Another tenant counts it itself: the first tenant's entry tells it nothing.
    countingFor("tenant-b", () => countTextTokens(text, "gpt-4o-mini"));
    expect(memoSize().entries).toBe(before + 2);
    // gpt-4 counts in another encoding.
    countingFor("tenant-a", () => countTextTokens(text, "gpt-4"));
    expect(memoSize().entries).toBe(before + 3);
    // Outside admission nothing is remembered.
    countTextTokens(history(3), "gpt-4o-mini");
    expect(memoSize().entries).toBe(before + 3);
  });

  it("counts a conversation the same with the memo as without", () => {
    const messages = Array.from({ length: 12 }, (_, i) => ({
      role: i % 2 ? "assistant" : "user",
      content: history(100 + i),
    }));
    const plain = countChatPromptTokens(messages, "gpt-4o-mini");
    const first = countingFor("tenant-c", () => countChatPromptTokens(messages, "gpt-4o-mini"));
    const second = countingFor("tenant-c", () => countChatPromptTokens(messages, "gpt-4o-mini"));
    expect(first).toBe(plain);
    expect(second).toBe(plain);
  });

  it("keeps at most MEMO_CHARS characters, the least recently used going first", () => {
    const big = (n: number) => `${n} ${"y".repeat(MEMO_CHARS / 4 - 20)}`;
    const kept = big(0);
    countingFor("tenant-d", () => countTextTokens(kept, "gpt-4o-mini"));
    for (let n = 1; n <= 5; n++) {
      countingFor("tenant-d", () => countTextTokens(big(n), "gpt-4o-mini"));
      // Used again each time: it stays while the others go.
      countingFor("tenant-d", () => countTextTokens(kept, "gpt-4o-mini"));
      expect(memoSize().chars).toBeLessThanOrEqual(MEMO_CHARS);
    }
    const entries = memoSize().entries;
    countingFor("tenant-d", () => countTextTokens(kept, "gpt-4o-mini"));
    expect(memoSize().entries).toBe(entries);
  });
});
