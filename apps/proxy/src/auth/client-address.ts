// Who is calling: the socket's peer, unless that peer is a reverse proxy trusted to say who its
// client was (X-Forwarded-For, X-Real-IP). From any other peer those headers are ignored, so a
// client cannot name an address that an API key's allow-list admits.
import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";
import { compileAllowList } from "./ip-allow.ts";

/** Whether an address is one of the trusted reverse proxies. */
export type ProxyTrust = (ip: string) => boolean;

/**
 * The trusted proxies from their addresses and CIDRs (IPv4 and IPv6); an empty list trusts
 * nobody. An invalid entry throws InvalidAllowListEntryError, so bad configuration fails at start.
 */
export function trustProxies(entries: readonly string[]): ProxyTrust {
  if (entries.length === 0) return () => false;
  return compileAllowList(entries);
}

/**
 * The client's address. Through trusted proxies it is the rightmost X-Forwarded-For hop that is
 * not itself a trusted proxy (each proxy appends the peer it saw, so hops left of that one are
 * whatever the client claimed), else X-Real-IP; "" when a trusted proxy names no valid address.
 */
export function clientAddress(req: IncomingMessage, trusted: ProxyTrust): string {
  const peer = req.socket.remoteAddress ?? "";
  if (!trusted(peer)) return peer;

  const forwarded = headerValue(req.headers["x-forwarded-for"]);
  if (forwarded !== undefined) {
    // Node joins repeated X-Forwarded-For headers with ", ", in order.
    const hops = forwarded.split(",").map((hop) => hop.trim());
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = hops[i] ?? "";
      if (!validAddress(hop)) return "";
      if (!trusted(hop) || i === 0) return hop;
    }
  }
  const real = headerValue(req.headers["x-real-ip"])?.trim();
  if (real !== undefined) return validAddress(real) ? real : "";
  return peer;
}

// Recorded on the request under a symbol of this module rather than in a WeakMap, whose entry
// per request every young-generation collection would have to trace.
const RESOLVED = Symbol("relay.clientAddress");

interface Resolved {
  [RESOLVED]?: string;
}

/** Resolves the request's client address once, where the request comes in, and records it. */
export function resolveClientAddress(req: IncomingMessage, trusted: ProxyTrust): string {
  const address = clientAddress(req, trusted);
  (req as Resolved)[RESOLVED] = address;
  return address;
}

/** The address resolveClientAddress recorded; the socket's peer (trusting nobody) otherwise. */
export function clientAddressOf(req: IncomingMessage): string {
  return (req as Resolved)[RESOLVED] ?? req.socket.remoteAddress ?? "";
}

function headerValue(value: string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(",") : value;
}

function validAddress(value: string): boolean {
  return isIP(value) !== 0;
}
