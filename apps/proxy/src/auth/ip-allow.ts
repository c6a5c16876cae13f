// A key's IP allow-list, compiled once into a matcher. node:net's BlockList does the matching:
// it handles IPv4 and IPv6 subnets, and checks an IPv4-mapped IPv6 client (::ffff:1.2.3.4, as
// Node reports peers on a dual-stack socket) against IPv4 entries, and a plain IPv4 client
// against IPv4-mapped IPv6 entries. Consequence: ::/0 contains the mapped range and so admits
// IPv4 clients too, while 0.0.0.0/0 admits no native IPv6 client.
import { BlockList, isIP } from "node:net";

export class InvalidAllowListEntryError extends Error {
  readonly code = "invalid_ip_allow_entry";
  constructor(readonly entry: string) {
    super(
      `Invalid IP allow-list entry ${JSON.stringify(entry)}: expected an IPv4 or IPv6 address, or a CIDR such as 203.0.113.0/24 or 2001:db8::/32`,
    );
  }
}

/** A matcher for `entries` (addresses and CIDRs); an empty list allows every address. */
export function compileAllowList(entries: readonly string[]): (ip: string) => boolean {
  if (entries.length === 0) return () => true;
  const list = new BlockList();
  for (const raw of entries) addEntry(list, raw);
  return (ip) => {
    // A zone id (fe80::1%eth0) names the interface, not the address.
    const address = ip.split("%", 1)[0] ?? "";
    const family = isIP(address);
    if (family === 0) return false;
    return list.check(address, family === 4 ? "ipv4" : "ipv6");
  };
}

function addEntry(list: BlockList, raw: string): void {
  const entry = raw.trim();
  const [address = "", prefix, extra] = entry.split("/");
  const family = isIP(address);
  if (family === 0 || extra !== undefined || address.includes("%"))
    throw new InvalidAllowListEntryError(raw);
  const type = family === 4 ? "ipv4" : "ipv6";
  if (prefix === undefined) {
    list.addAddress(address, type);
    return;
  }
  const bits = Number(prefix);
  if (!/^\d{1,3}$/.test(prefix) || bits > (family === 4 ? 32 : 128))
    throw new InvalidAllowListEntryError(raw);
  list.addSubnet(address, bits, type);
}
