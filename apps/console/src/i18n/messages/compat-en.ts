// Strings for what clients that send less than OpenAI asks for get: default models per endpoint,
// and the seed service's "code" and "msg" (platform, tenant and key switches).
export const compatEn = {
  compat: {
    title: "Clients that name no model",
    lead: "A call without \"model\" gets its endpoint's default; with none set it is refused with OpenAI's 400. Changes apply to the next call.",
    endpoints: {
      chat: "Chat completions",
      completions: "Completions",
      embeddings: "Embeddings",
      images: "Image generation",
      audio: "Audio transcription",
    },
    defaultLabel: (endpoint: string) => `Default model for ${endpoint}`,
    none: "None: model required",
    codeMsgTitle: '"code" and "msg" in answers',
    codeMsgLead:
      'JSON answers carry "code": 0 and "msg": "" on success, the HTTP status and the error message on failure, beside the OpenAI object, as the seed service\'s clients expect. Never inside streams.',
    platformSwitch: "On platform-wide (tenants and keys may override)",
    tenantLabel: '"code" and "msg" in this tenant\'s answers',
    keyLabel: '"code" and "msg" in this key\'s answers',
    choices: {
      inheritPlatform: "Follow the platform",
      inheritTenant: "Follow the organization",
      on: "On",
      off: "Off",
    },
    saveFailed: "The change could not be saved. Try again.",
  },
};
