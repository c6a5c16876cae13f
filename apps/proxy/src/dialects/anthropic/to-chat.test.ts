import { describe, expect, it } from "vitest";
import { toChatRequest } from "./to-chat.ts";

const base = { model: "m", max_tokens: 10 };

describe("toChatRequest", () => {
  it("system blocks, images, tool results before the user's words, the model's reasoning dropped", () => {
    const chat = toChatRequest({
      ...base,
      system: [
        { type: "text", text: "One.", cache_control: { type: "ephemeral" } },
        { type: "text", text: "Two." },
      ],
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "Look:" },
            { type: "image", source: { type: "base64", media_type: "image/png", data: "AAAA" } },
            { type: "image", source: { type: "url", url: "https://x.test/a.png" } },
          ],
        },
        {
          role: "assistant",
          content: [
            { type: "thinking", thinking: "hmm", signature: "sig" },
            { type: "text", text: "Checking." },
            { type: "tool_use", id: "toolu_1", name: "look", input: { at: "a" } },
          ],
        },
        {
          role: "user",
          content: [
            { type: "text", text: "And?" },
            {
              type: "tool_result",
              tool_use_id: "toolu_1",
              content: [{ type: "text", text: "a cat" }],
            },
          ],
        },
      ],
    });
    expect(chat.messages).toEqual([
      { role: "system", content: "One.\nTwo." },
      {
        role: "user",
        content: [
          { type: "text", text: "Look:" },
          { type: "image_url", image_url: { url: "data:image/png;base64,AAAA" } },
          { type: "image_url", image_url: { url: "https://x.test/a.png" } },
        ],
      },
      {
        role: "assistant",
        content: "Checking.",
        tool_calls: [
          { id: "toolu_1", type: "function", function: { name: "look", arguments: '{"at":"a"}' } },
        ],
      },
      { role: "tool", tool_call_id: "toolu_1", content: "a cat" },
      { role: "user", content: "And?" },
    ]);
  });

  it.each([
    [{ type: "auto" }, "auto"],
    [{ type: "any" }, "required"],
    [{ type: "none" }, "none"],
    [
      { type: "tool", name: "look" },
      { type: "function", function: { name: "look" } },
    ],
  ])("tool_choice %j is %j", (choice, expected) => {
    const chat = toChatRequest({
      ...base,
      messages: [{ role: "user", content: "hi" }],
      tools: [{ name: "look", input_schema: { type: "object" } }],
      tool_choice: choice,
    });
    expect(chat.tool_choice).toEqual(expected);
  });

  it("a stream asks for the usage chunk; metadata.user_id is the chat user", () => {
    const chat = toChatRequest({
      ...base,
      stream: true,
      metadata: { user_id: "u1" },
      messages: [{ role: "user", content: "hi" }],
    });
    expect(chat).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
      user: "u1",
    });
  });

  it.each([
    ["top_k", { top_k: 5 }],
    ["a server tool", { tools: [{ type: "web_search_20250305", name: "web_search" }] }],
    [
      "a document block",
      {
        messages: [
          { role: "user", content: [{ type: "document", source: { type: "text", data: "x" } }] },
        ],
      },
    ],
  ])("refuses %s with a 400", (_, extra) => {
    expect(() =>
      toChatRequest({ ...base, messages: [{ role: "user", content: "hi" }], ...extra }),
    ).toThrow(expect.objectContaining({ status: 400 }));
  });
});
