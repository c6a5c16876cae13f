// Tokens one epoch of a fine-tuning file trains on, read as the file streams: every JSONL line's
// messages counted as a chat prompt (the way the simulated upstream and OpenAI's cookbook count
// them). The count sizes a job's hold, never its charge (that is the upstream's trained_tokens),
// so past FILE_EXACT_CHARS the text is bounded by its bytes rather than tokenized: an upper
// bound that keeps a huge file from stalling the proxy.
import { type ChatMessageLike, countChatPromptTokens, promptBudget } from "../tokenize/index.ts";

const FILE_EXACT_CHARS = 8 * 1024 * 1024;
const MODEL = "gpt-4o-mini";

export async function trainingTokens(file: Blob): Promise<number> {
  const budget = promptBudget(FILE_EXACT_CHARS);
  const decoder = new TextDecoder();
  let total = 0;
  let rest = "";
  const line = (text: string) => {
    if (text.trim() === "") return;
    try {
      const row = JSON.parse(text) as { messages?: unknown };
      if (Array.isArray(row.messages)) {
        total += countChatPromptTokens(row.messages as ChatMessageLike[], MODEL, budget);
      }
    } catch {
      // Not JSON: the upstream refuses the file when a job uses it; it trains nothing here.
    }
  };
  for await (const chunk of file.stream()) {
    const lines = (rest + decoder.decode(chunk, { stream: true })).split("\n");
    rest = lines.pop() ?? "";
    for (const text of lines) line(text);
  }
  line(rest + decoder.decode());
  return total;
}
