import { describe, expect, it } from "vitest";
import { compileAllowList, InvalidAllowListEntryError } from "./ip-allow.ts";

describe("compileAllowList", () => {
  it.each<[string, string[], string, boolean]>([
    ["empty list allows IPv4", [], "203.0.113.7", true],
    ["empty list allows IPv6", [], "2001:db8::1", true],
    ["exact IPv4", ["203.0.113.7"], "203.0.113.7", true],
    ["other IPv4", ["203.0.113.7"], "203.0.113.8", false],
    ["IPv4 CIDR, inside", ["10.0.0.0/8"], "10.255.1.2", true],
    ["IPv4 CIDR, outside", ["10.0.0.0/8"], "11.0.0.1", false],
    ["IPv4 /32", ["192.0.2.1/32"], "192.0.2.1", true],
    ["IPv4 /0 allows all IPv4", ["0.0.0.0/0"], "198.51.100.1", true],
    ["IPv4 CIDR with host bits set", ["10.1.2.3/8"], "10.9.9.9", true],
    ["entry with spaces", [" 192.0.2.1 "], "192.0.2.1", true],
    ["exact IPv6", ["2001:db8::1"], "2001:db8::1", true],
    ["IPv6, other spelling", ["2001:db8::1"], "2001:0db8:0000:0000:0000:0000:0000:0001", true],
    ["other IPv6", ["2001:db8::1"], "2001:db8::2", false],
    ["IPv6 CIDR, inside", ["2001:db8::/32"], "2001:db8:ffff::1", true],
    ["IPv6 CIDR, outside", ["2001:db8::/32"], "2001:db9::1", false],
    ["IPv6 loopback", ["::1"], "::1", true],
    ["IPv4-mapped client, IPv4 entry", ["203.0.113.7"], "::ffff:203.0.113.7", true],
    ["IPv4-mapped client, IPv4 CIDR", ["10.0.0.0/8"], "::ffff:10.1.2.3", true],
    ["IPv4-mapped client, outside", ["10.0.0.0/8"], "::ffff:11.1.2.3", false],
    ["IPv4-mapped client in hex", ["203.0.113.7"], "::ffff:cb00:7107", true],
    ["IPv4 client, IPv4-mapped entry", ["::ffff:203.0.113.7"], "203.0.113.7", true],
    ["IPv4 entry does not admit IPv6", ["0.0.0.0/0"], "2001:db8::1", false],
    ["IPv6 entry does not admit unrelated IPv4", ["2001:db8::/32"], "203.0.113.7", false],
    ["mixed list, second entry", ["10.0.0.0/8", "2001:db8::/32"], "2001:db8::5", true],
    ["IPv6 client with zone id", ["fe80::/10"], "fe80::1%eth0", true],
    ["garbage client", ["10.0.0.0/8"], "not-an-ip", false],
    ["empty client", ["10.0.0.0/8"], "", false],
  ])("%s", (_name, entries, ip, expected) => {
    expect(compileAllowList(entries)(ip)).toBe(expected);
  });

  it.each([
    "10.0.0",
    "10.0.0.256",
    "10.0.0.0/33",
    "10.0.0.0/",
    "10.0.0.0/8/8",
    "10.0.0.0/-1",
    "10.0.0.0/8.5",
    "2001:db8::/129",
    "2001:db8:::1",
    "fe80::1%eth0",
    "example.com",
    "",
  ])("rejects %j with a clear error", (entry) => {
    expect(() => compileAllowList(["192.0.2.1", entry])).toThrow(InvalidAllowListEntryError);
    expect(() => compileAllowList([entry])).toThrow(/Invalid IP allow-list entry/);
  });
});
