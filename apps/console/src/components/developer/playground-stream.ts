// Reads the proxy's chat stream (server-sent events) as it arrives: each delta's text, then the
// usage the stream ends with.

export interface StreamUsage {
  promptTokens: number;
  completionTokens: number;
}

export async function readChatStream(
  body: ReadableStream<Uint8Array>,
  onText: (text: string) => void,
): Promise<StreamUsage | undefined> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let usage: StreamUsage | undefined;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    const lines = buffer.split("\n");
    buffer = lines.pop() ?? "";
    for (const line of lines) {
      const data = line.startsWith("data:") ? line.slice(5).trim() : "";
      if (!data || data === "[DONE]") continue;
      const event = parse(data);
      const text = event?.choices?.[0]?.delta?.content;
      if (typeof text === "string" && text) onText(text);
      if (event?.usage) {
        usage = {
          promptTokens: event.usage.prompt_tokens ?? 0,
          completionTokens: event.usage.completion_tokens ?? 0,
        };
      }
    }
  }
  return usage;
}

interface ChunkShape {
  choices?: { delta?: { content?: unknown } }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
}

function parse(data: string): ChunkShape | undefined {
  try {
    return JSON.parse(data) as ChunkShape;
  } catch {
    return undefined;
  }
}

/** The message of an error answer, whatever its shape. */
export async function errorMessageOf(response: Response): Promise<string> {
  const text = await response.text().catch(() => "");
  try {
    const parsed = JSON.parse(text) as { error?: { message?: unknown } };
    if (typeof parsed.error?.message === "string") return parsed.error.message;
  } catch {
    // Not JSON: the text itself.
  }
  return text || `HTTP ${response.status}`;
}
