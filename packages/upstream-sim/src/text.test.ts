import { describe, expect, it } from "vitest";
import { createRandom } from "./random.ts";
import { prose } from "./text.ts";
import { encodeText } from "./tokens.ts";

describe("prose", () => {
  it("stops at the first whole sentence that reaches the token count, counted on the whole text", () => {
    for (let seed = 0; seed < 300; seed += 1) {
      const minTokens = 1 + (seed % 90);
      const text = prose(createRandom("prose", String(seed)), minTokens);
      expect(encodeText(text).length).toBeGreaterThanOrEqual(minTokens);
      // One sentence fewer would have been too short.
      const lastSentence = text.lastIndexOf(". ");
      if (lastSentence >= 0) {
        expect(encodeText(text.slice(0, lastSentence + 1)).length).toBeLessThan(minTokens);
      }
    }
  });

  it("is the same text for the same seed", () => {
    expect(prose(createRandom("a"), 40)).toBe(prose(createRandom("a"), 40));
  });
});
