// Copy-ready calls for the quickstart page. A full key is shown only once, at creation, so the
// snippets read it from RELAY_API_KEY and the page says which key to put there.

export type QuickstartLanguage = "curl" | "python" | "node" | "legacy" | "balance";

export const QUICKSTART_LANGUAGES: QuickstartLanguage[] = [
  "curl",
  "python",
  "node",
  "legacy",
  "balance",
];

export function exportLine(prefix: string | undefined): string {
  return `export RELAY_API_KEY="${prefix ? `${prefix}…` : "sk-…"}"   # the full key, shown once when it was created`;
}

export function quickstartSnippet(
  language: QuickstartLanguage,
  baseUrl: string,
  model: string,
): string {
  switch (language) {
    case "curl":
      return `curl ${baseUrl}/chat/completions \\
  -H "Authorization: Bearer $RELAY_API_KEY" \\
  -H "Content-Type: application/json" \\
  -d '{"model": "${model}", "messages": [{"role": "user", "content": "Hello!"}]}'`;
    case "python":
      return `import os
from openai import OpenAI

client = OpenAI(base_url="${baseUrl}", api_key=os.environ["RELAY_API_KEY"])
reply = client.chat.completions.create(
    model="${model}",
    messages=[{"role": "user", "content": "Hello!"}],
)
print(reply.choices[0].message.content)`;
    case "node":
      return `import OpenAI from "openai";

const client = new OpenAI({ baseURL: "${baseUrl}", apiKey: process.env.RELAY_API_KEY });
const reply = await client.chat.completions.create({
  model: "${model}",
  messages: [{ role: "user", content: "Hello!" }],
});
console.log(reply.choices[0].message.content);`;
    case "legacy":
      // The seed service's older clients: the key in the body, no Authorization header.
      return `curl ${baseUrl}/chat/completions \\
  -H "Content-Type: application/json" \\
  -d '{"api_secret_key": "'"$RELAY_API_KEY"'", "model": "${model}", "messages": [{"role": "user", "content": "Hello!"}]}'`;
    case "balance":
      return `curl ${baseUrl}/dashboard/billing/subscription \\
  -H "Authorization: Bearer $RELAY_API_KEY"`;
  }
}
