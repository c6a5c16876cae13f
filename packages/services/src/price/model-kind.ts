import type { ModelKind } from "@relay/db";

/** A first guess at what a model is for, from its name; operators can change it. */
export function inferModelKind(model: string): ModelKind {
  const name = model.toLowerCase();
  if (name.includes("embedding")) return "EMBEDDING";
  if (name.includes("moderation")) return "MODERATION";
  if (name.startsWith("dall-e") || name.includes("image")) return "IMAGE";
  if (name.startsWith("whisper") || name.startsWith("tts") || name.includes("transcribe")) {
    return "AUDIO";
  }
  if (name.includes("instruct") || ["davinci-002", "babbage-002"].includes(name)) {
    return "COMPLETION";
  }
  return "CHAT";
}
