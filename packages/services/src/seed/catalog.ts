import { parseUsd } from "@relay/billing";

// The models and prices the embedded default starts with. COST is what the upstream charges
// (list prices, USD per 1M tokens or per image); SALE is the reseller's price to tenants.
export interface SeedModel {
  id: string;
  kind: "CHAT" | "COMPLETION" | "EMBEDDING" | "IMAGE" | "MODERATION" | "AUDIO";
  contextWindow: number;
  maxOutputTokens: number;
  cost?: SeedPrice;
  sale?: SeedPrice;
  images?: { size: string; quality: string; cost: string; sale: string }[];
}

/** USD per 1M tokens; audio per second of input, speech per 1M input characters. */
interface SeedPrice {
  input: string;
  output: string;
  cached?: string;
  perSecond?: string;
  perMChar?: string;
}

export const SEED_MODELS: SeedModel[] = [
  {
    id: "gpt-4o-mini",
    kind: "CHAT",
    contextWindow: 128_000,
    maxOutputTokens: 16_384,
    cost: { input: "0.15", output: "0.60", cached: "0.075" },
    sale: { input: "0.20", output: "0.80", cached: "0.10" },
  },
  {
    id: "gpt-4o",
    kind: "CHAT",
    contextWindow: 128_000,
    maxOutputTokens: 16_384,
    cost: { input: "2.50", output: "10.00", cached: "1.25" },
    sale: { input: "3.00", output: "12.00", cached: "1.50" },
  },
  {
    id: "gpt-3.5-turbo",
    kind: "CHAT",
    contextWindow: 16_385,
    maxOutputTokens: 4_096,
    cost: { input: "0.50", output: "1.50" },
    sale: { input: "0.60", output: "1.80" },
  },
  {
    id: "gpt-3.5-turbo-instruct",
    kind: "COMPLETION",
    contextWindow: 4_096,
    maxOutputTokens: 4_096,
    cost: { input: "1.50", output: "2.00" },
    sale: { input: "1.80", output: "2.40" },
  },
  {
    id: "text-embedding-3-small",
    kind: "EMBEDDING",
    contextWindow: 8_191,
    maxOutputTokens: 0,
    cost: { input: "0.02", output: "0" },
    sale: { input: "0.03", output: "0" },
  },
  {
    id: "dall-e-3",
    kind: "IMAGE",
    contextWindow: 4_000,
    maxOutputTokens: 0,
    images: [
      { size: "1024x1024", quality: "standard", cost: "0.040", sale: "0.050" },
      { size: "1024x1024", quality: "hd", cost: "0.080", sale: "0.100" },
      { size: "1792x1024", quality: "standard", cost: "0.080", sale: "0.100" },
      { size: "1792x1024", quality: "hd", cost: "0.120", sale: "0.150" },
      { size: "1024x1792", quality: "standard", cost: "0.080", sale: "0.100" },
      { size: "1024x1792", quality: "hd", cost: "0.120", sale: "0.150" },
    ],
  },
  // OpenAI's image model when a call names none; the seed's images default too.
  {
    id: "dall-e-2",
    kind: "IMAGE",
    contextWindow: 1_000,
    maxOutputTokens: 0,
    images: [
      { size: "256x256", quality: "standard", cost: "0.016", sale: "0.020" },
      { size: "512x512", quality: "standard", cost: "0.018", sale: "0.022" },
      { size: "1024x1024", quality: "standard", cost: "0.020", sale: "0.025" },
    ],
  },
  // Transcription and translation, priced per second of audio ($0.006 a minute upstream).
  {
    id: "whisper-1",
    kind: "AUDIO",
    contextWindow: 0,
    maxOutputTokens: 0,
    cost: { input: "0", output: "0", perSecond: "0.0001" },
    sale: { input: "0", output: "0", perSecond: "0.00012" },
  },
  // Text to speech, priced per 1M input characters.
  {
    id: "tts-1",
    kind: "AUDIO",
    contextWindow: 0,
    maxOutputTokens: 0,
    cost: { input: "0", output: "0", perMChar: "15" },
    sale: { input: "0", output: "0", perMChar: "18" },
  },
  {
    id: "tts-1-hd",
    kind: "AUDIO",
    contextWindow: 0,
    maxOutputTokens: 0,
    cost: { input: "0", output: "0", perMChar: "30" },
    sale: { input: "0", output: "0", perMChar: "36" },
  },
  // Moderation is free upstream and free to tenants.
  { id: "omni-moderation-latest", kind: "MODERATION", contextWindow: 32_768, maxOutputTokens: 0 },
];

/**
 * The seed's default models, as the seed service and OpenAI behave when a call names none: the
 * cheapest chat model (sale input plus output per 1M tokens) and OpenAI's own image default.
 */
export function seedDefaults(): { chat: string; images: string } {
  const total = (m: SeedModel) => parseUsd(m.sale?.input ?? "0") + parseUsd(m.sale?.output ?? "0");
  const [cheapest] = SEED_MODELS.filter((m) => m.kind === "CHAT").sort((a, b) =>
    total(a) < total(b) ? -1 : total(a) > total(b) ? 1 : 0,
  );
  return { chat: cheapest?.id ?? "gpt-4o-mini", images: "dall-e-2" };
}
