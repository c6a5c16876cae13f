"use client";
import { useState } from "react";
import { CopyButton } from "@/components/shared/copy-button.tsx";
import { useI18n } from "@/i18n/client.tsx";

type Language = "curl" | "python" | "node";

/** Ready-to-paste calls with the new key and the proxy's base URL filled in. */
export function snippet(language: Language, baseUrl: string, key: string): string {
  switch (language) {
    case "curl":
      return `curl ${baseUrl}/chat/completions \\
  -H "Authorization: Bearer ${key}" \\
  -H "Content-Type: application/json" \\
  -d '{"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Hello!"}]}'`;
    case "python":
      return `from openai import OpenAI

client = OpenAI(base_url="${baseUrl}", api_key="${key}")
reply = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": "Hello!"}],
)
print(reply.choices[0].message.content)`;
    case "node":
      return `import OpenAI from "openai";

const client = new OpenAI({ baseURL: "${baseUrl}", apiKey: "${key}" });
const reply = await client.chat.completions.create({
  model: "gpt-4o-mini",
  messages: [{ role: "user", content: "Hello!" }],
});
console.log(reply.choices[0].message.content);`;
  }
}

const tabs: Array<{ id: Language; label: string }> = [
  { id: "curl", label: "curl" },
  { id: "python", label: "Python" },
  { id: "node", label: "Node.js" },
];

export function KeySnippets({ baseUrl, secret }: { baseUrl: string; secret: string }) {
  const { t } = useI18n();
  const [language, setLanguage] = useState<Language>("curl");
  const code = snippet(language, baseUrl, secret);
  return (
    <div>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 className="text-sm font-medium text-slate-300">{t.keys.snippets}</h3>
        <div className="flex items-center gap-2">
          <div role="tablist" className="flex gap-1 rounded-lg bg-black/30 p-1">
            {tabs.map((tab) => (
              <button
                key={tab.id}
                type="button"
                role="tab"
                aria-selected={language === tab.id}
                onClick={() => setLanguage(tab.id)}
                className={`rounded-md px-2.5 py-1 text-xs font-medium transition ${
                  language === tab.id
                    ? "bg-white/10 text-white"
                    : "text-slate-400 hover:text-slate-200"
                }`}
              >
                {tab.label}
              </button>
            ))}
          </div>
          {/* Beside the tabs, not over the code: on a phone an overlaid button hid its first lines. */}
          <CopyButton value={code} label={t.common.copy} copiedLabel={t.common.copied} />
        </div>
      </div>
      <pre className="mt-2 overflow-x-auto rounded-xl bg-black/40 p-4 font-mono text-xs leading-5 text-slate-300">
        {code}
      </pre>
    </div>
  );
}
