// The models and prices the embedded default starts with. COST is what the upstream charges
// (list prices, USD per 1M tokens or per image); SALE is the reseller's price to tenants.
export interface SeedModel {
  id: string;
  kind: "CHAT" | "COMPLETION" | "EMBEDDING" | "IMAGE" | "MODERATION";
  contextWindow: number;
  maxOutputTokens: number;
  cost?: { input: string; output: string; cached?: string };
  sale?: { input: string; output: string; cached?: string };
  images?: { size: string; quality: string; cost: string; sale: string }[];
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
  // Moderation is free upstream and free to tenants.
  { id: "omni-moderation-latest", kind: "MODERATION", contextWindow: 32_768, maxOutputTokens: 0 },
];
