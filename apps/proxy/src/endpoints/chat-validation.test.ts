import { describe, expect, it } from "vitest";
import { OpenAIError } from "../http/openai-error.ts";
import { chatCompletions } from "./chat.ts";

describe("chat messages", () => {
  it.each([
    [null, "null"],
    ["hello", "a string"],
    [[{ role: "user" }], "an array"],
    [3, "an integer"],
  ])("a message that is %j is OpenAI's invalid_type 400 naming it", (message, got) => {
    const body = { model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }, message] };
    let error: unknown;
    try {
      chatCompletions.validate(body);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(OpenAIError);
    expect(error).toMatchObject({
      status: 400,
      type: "invalid_request_error",
      code: "invalid_type",
      param: "messages[1]",
      message: `Invalid type for 'messages[1]': expected an object, but got ${got} instead.`,
    });
  });
});
