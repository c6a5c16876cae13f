// The reference dictionary: its shape is the `Messages` type every other language must fill in.
// Values are strings, or functions of already formatted values where word order differs.
export const en = {
  meta: {
    title: "Relay console",
    description: "Relay: an OpenAI-compatible API platform for resellers and their developers.",
  },
  nav: {
    switchTo: "中文",
    switchLabel: "切换到中文",
  },
  hero: {
    eyebrow: "OpenAI-compatible API platform",
    title: "One key, every model, billed to the micro-dollar.",
    lead: "Relay resells upstream LLM access under your own brand. Developers keep their OpenAI SDKs and tools: they change the base URL and the key, nothing else.",
  },
  endpoint: {
    title: "Proxy endpoint",
    hint: "Point any OpenAI client at this base URL.",
    copy: "Copy",
    copied: "Copied",
  },
  status: {
    title: "Platform status",
    operational: "Operational",
    unavailable: "Unavailable",
    tenants: "Tenants",
    models: "Models",
    channels: "Upstream channels",
    enabledCount: (count: string) => `${count} enabled`,
    checkedAt: "Checked at",
  },
  dbError: {
    title: "The database is unreachable",
    body: "The console could not read the platform status. Check that PostgreSQL is running and that DATABASE_URL points at it, then reload this page.",
    detail: "Details",
  },
  signIn: {
    title: "Sign-in is coming",
    body: "Accounts, API keys, top-ups and usage charts will live here. Until then, operators manage Relay with the CLI.",
    badge: "Soon",
  },
  footer: {
    health: "Health check",
  },
} as const;
