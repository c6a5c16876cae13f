import type { ViteUserConfig } from "vitest/config";

export function relayVitestConfig(options?: {
  database?: boolean;
  timeoutMs?: number;
}): ViteUserConfig;
