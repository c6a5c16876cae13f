import { relayVitestConfig } from "@relay/vitest-config";

export default relayVitestConfig();
