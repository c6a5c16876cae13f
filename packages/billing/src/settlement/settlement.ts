// What one finished call owes: the usage record, its price and cost, and the hold it releases.
export interface Settlement {
  requestId: string;
  tenantId: string;
  apiKeyId: string;
  channelId: string | null;
  model: string;
  upstreamModel: string | null;
  endpoint: string;
  stream: boolean;
  status: number;
  errorCode: string | null;
  /** What the client was refused with (a failed call); cut to 500 characters when written. */
  errorMessage?: string | null;
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  images: number;
  audioSeconds: number;
  /** Charged to the tenant (micro-dollars); 0 for free or failed calls. */
  price: bigint;
  upstreamCost: bigint;
  latencyMs: number;
  firstByteMs: number | null;
  clientIp: string | null;
  createdAt: Date;
}
