// One platform for every spec, started before the first and stopped after the last. Its
// addresses reach the specs' workers through the environment (see platform.ts).
import { exportPlatform, startPlatform } from "./platform.ts";

export default async function globalSetup(): Promise<() => Promise<void>> {
  const { platform, stop } = await startPlatform();
  exportPlatform(platform);
  return stop;
}
