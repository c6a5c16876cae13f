import { compileAllowList } from "./ip-allow.ts";
import type { KeyRecord } from "./key-cache.ts";

// Compiled once per cached key record; a refreshed record compiles its (possibly edited) list.
const compiled = new WeakMap<KeyRecord, (ip: string) => boolean>();

export function ipAllowed(key: KeyRecord, ip: string): boolean {
  if (key.allowedIps.length === 0) return true;
  let allows = compiled.get(key);
  if (!allows) {
    try {
      allows = compileAllowList(key.allowedIps);
    } catch {
      // An unparseable list must not open the key to everyone.
      allows = () => false;
    }
    compiled.set(key, allows);
  }
  return allows(ip);
}
