import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import {
  clientAddress,
  clientAddressOf,
  resolveClientAddress,
  trustProxies,
} from "./client-address.ts";
import { InvalidAllowListEntryError } from "./ip-allow.ts";

function request(peer: string | undefined, headers: IncomingMessage["headers"] = {}) {
  return { socket: { remoteAddress: peer }, headers } as unknown as IncomingMessage;
}

const nginx = ["10.0.0.0/8", "fd00::/8"];

describe("clientAddress", () => {
  it.each<[string, string[], string | undefined, IncomingMessage["headers"], string]>([
    [
      "no trusted proxies: the peer, X-Forwarded-For ignored",
      [],
      "203.0.113.7",
      { "x-forwarded-for": "10.1.2.3" },
      "203.0.113.7",
    ],
    [
      "no trusted proxies: X-Real-IP ignored",
      [],
      "203.0.113.7",
      { "x-real-ip": "10.1.2.3" },
      "203.0.113.7",
    ],
    [
      "untrusted peer: headers ignored",
      nginx,
      "203.0.113.7",
      { "x-forwarded-for": "10.1.2.3", "x-real-ip": "10.1.2.3" },
      "203.0.113.7",
    ],
    [
      "trusted peer: the forwarded client",
      nginx,
      "10.0.0.5",
      { "x-forwarded-for": "198.51.100.9" },
      "198.51.100.9",
    ],
    [
      "trusted peer: rightmost untrusted hop, not what the client claimed",
      nginx,
      "10.0.0.5",
      { "x-forwarded-for": "1.1.1.1, 198.51.100.9" },
      "198.51.100.9",
    ],
    [
      "trusted peer: trusted hops skipped",
      nginx,
      "10.0.0.5",
      { "x-forwarded-for": "1.1.1.1, 198.51.100.9, 10.0.0.7" },
      "198.51.100.9",
    ],
    [
      "trusted peer: repeated headers joined in order",
      nginx,
      "10.0.0.5",
      { "x-forwarded-for": ["1.1.1.1", "198.51.100.9"] as unknown as string },
      "198.51.100.9",
    ],
    [
      "trusted peer: every hop trusted, the furthest",
      nginx,
      "10.0.0.5",
      { "x-forwarded-for": "10.9.9.9, 10.0.0.7" },
      "10.9.9.9",
    ],
    [
      "trusted peer: IPv6 client",
      nginx,
      "10.0.0.5",
      { "x-forwarded-for": "2001:db8::1" },
      "2001:db8::1",
    ],
    ["trusted IPv6 peer", nginx, "fd00::5", { "x-forwarded-for": "198.51.100.9" }, "198.51.100.9"],
    [
      "trusted peer seen as IPv4-mapped IPv6",
      nginx,
      "::ffff:10.0.0.5",
      { "x-forwarded-for": "198.51.100.9" },
      "198.51.100.9",
    ],
    [
      "trusted peer: X-Real-IP without X-Forwarded-For",
      nginx,
      "10.0.0.5",
      { "x-real-ip": " 198.51.100.9 " },
      "198.51.100.9",
    ],
    [
      "trusted peer: X-Forwarded-For wins over X-Real-IP",
      nginx,
      "10.0.0.5",
      { "x-forwarded-for": "198.51.100.9", "x-real-ip": "198.51.100.1" },
      "198.51.100.9",
    ],
    [
      "trusted peer: garbage hop is no address",
      nginx,
      "10.0.0.5",
      { "x-forwarded-for": "198.51.100.9, evil" },
      "",
    ],
    [
      "trusted peer: hop with a port is no address",
      nginx,
      "10.0.0.5",
      { "x-forwarded-for": "198.51.100.9:4000" },
      "",
    ],
    [
      "trusted peer: garbage left of the client is ignored",
      nginx,
      "10.0.0.5",
      { "x-forwarded-for": "evil, 198.51.100.9" },
      "198.51.100.9",
    ],
    [
      "trusted peer: garbage X-Real-IP is no address",
      nginx,
      "10.0.0.5",
      { "x-real-ip": "evil" },
      "",
    ],
    ["trusted peer without headers: the peer", nginx, "10.0.0.5", {}, "10.0.0.5"],
    ["no peer address", nginx, undefined, {}, ""],
  ])("%s", (_name, trusted, peer, headers, expected) => {
    expect(clientAddress(request(peer, headers), trustProxies(trusted))).toBe(expected);
  });

  it("refuses an invalid trusted proxy entry", () => {
    expect(() => trustProxies(["10.0.0.0/8", "nginx"])).toThrow(InvalidAllowListEntryError);
  });

  it("clientAddressOf: what was resolved at the entry, else the peer", () => {
    const forwarded = request("10.0.0.5", { "x-forwarded-for": "198.51.100.9" });
    expect(clientAddressOf(forwarded)).toBe("10.0.0.5");
    resolveClientAddress(forwarded, trustProxies(nginx));
    expect(clientAddressOf(forwarded)).toBe("198.51.100.9");
  });
});
