import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { relayHome } from "@relay/db";
import { env } from "@/env.ts";

let cached: string | undefined;

/**
 * The key that signs session tokens: AUTH_SECRET (or NEXTAUTH_SECRET) when set, which env.ts
 * requires in production. Otherwise one generated into `.relay/auth.secret` on first use, so
 * sessions survive restarts of `pnpm start` without any setup.
 */
export function authSecret(): string {
  cached ??= env.AUTH_SECRET ?? env.NEXTAUTH_SECRET ?? developmentSecret();
  return cached;
}

function developmentSecret(): string {
  const file = join(relayHome(), "auth.secret");
  if (existsSync(file)) {
    const stored = readFileSync(file, "utf8").trim();
    if (stored.length >= 32) return stored;
  }
  const secret = randomBytes(32).toString("base64url");
  mkdirSync(relayHome(), { recursive: true });
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
