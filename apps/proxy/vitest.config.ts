import { relayVitestConfig } from "@relay/vitest-config";

// The bench's own tooling is tested too: its figures are only as good as its parts.
export default relayVitestConfig({ include: ["bench/**/*.test.ts"] });
