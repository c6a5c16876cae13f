import { MAX_ENTRY_USD, MICROS_PER_USD, parseUsd } from "@relay/billing/money";
import type { z } from "zod";
import { UsageError } from "./output.ts";

/** Validates a command's input with the service's own schema; a bad value is a usage error. */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const messages = result.error.issues.map((issue) => {
    const where = issue.path.length ? `--${kebab(String(issue.path[0]))}: ` : "";
    return `${where}${issue.message}`;
  });
  throw new UsageError(messages.join("\n"));
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

export function list(value: string | undefined): string[] {
  return value
    ? value
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
}

// Postgres `integer`, the column type of every whole-number setting (limits, priority, weight).
const INT_MIN = -2_147_483_648;
const INT_MAX = 2_147_483_647;

/** A whole-number option within `range` (default: what an integer column holds). */
export function integer(name: string, range: { min?: number; max?: number } = {}) {
  const min = range.min ?? INT_MIN;
  const max = range.max ?? INT_MAX;
  return (value: string): number => {
    const text = value.trim();
    if (!/^-?\d+$/.test(text)) throw new UsageError(`--${name} must be a whole number`);
    const n = BigInt(text);
    if (n < BigInt(min) || n > BigInt(max)) {
      throw new UsageError(`--${name} must be between ${min} and ${max}`);
    }
    return Number(n);
  };
}

/** The most one command may move or set (see MAX_ENTRY_USD). */
export const MAX_USD_PER_COMMAND = MAX_ENTRY_USD;

/**
 * A USD option checked before anything touches the database: at most six decimals, within
 * ±MAX_USD_PER_COMMAND, and negative or zero only when `allow` says so. Returns the text as
 * typed, for the service's own schema to parse.
 */
export function usd(name: string, allow: { negative?: boolean; zero?: boolean } = {}) {
  return (value: string): string => {
    let micros: bigint;
    try {
      micros = parseUsd(value);
    } catch (error) {
      throw new UsageError(`--${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (micros < 0n && !allow.negative) throw new UsageError(`--${name} cannot be negative`);
    if (micros === 0n && allow.zero === false) throw new UsageError(`--${name} cannot be zero`);
    const magnitude = micros < 0n ? -micros : micros;
    if (magnitude > MAX_USD_PER_COMMAND * MICROS_PER_USD) {
      throw new UsageError(
        `--${name} is beyond the limit of ${MAX_USD_PER_COMMAND.toLocaleString("en-US")} USD per command`,
      );
    }
    return value;
  };
}

export const CLI_ACTOR = { label: "cli" } as const;
