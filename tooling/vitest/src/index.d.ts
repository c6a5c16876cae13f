import type { ViteUserConfig } from "vitest/config";

export function relayVitestConfig(options?: {
  database?: boolean;
  timeoutMs?: number;
  /** Test files besides src/ and test/ (a package's bench tooling, say). */
  include?: string[];
}): ViteUserConfig;
