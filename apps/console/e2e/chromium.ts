// Where the browser is: CHROMIUM_PATH, or Debian's package. Undefined when neither exists.
import { existsSync } from "node:fs";

export function chromiumPath(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
  return candidates.find((path): path is string => Boolean(path && existsSync(path)));
}
