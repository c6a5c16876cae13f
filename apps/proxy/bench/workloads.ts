// What each target is asked, identically: a short gpt-4o-mini chat completion, whole or streamed.
export interface Workload {
  name: "chat" | "chat-stream";
  title: string;
  body: string;
}

const request = {
  model: "gpt-4o-mini",
  messages: [{ role: "user", content: "Say hello in five words." }],
  max_tokens: 16,
};

export const WORKLOADS: Workload[] = [
  { name: "chat", title: "Chat completion (non-stream)", body: JSON.stringify(request) },
  {
    name: "chat-stream",
    title: "Chat completion (stream: true)",
    body: JSON.stringify({ ...request, stream: true }),
  },
];
