// How every command prints: human text by default, one JSON document with --json. Money goes
// out as exact decimal strings plus micro-dollar integers (as strings: JSON numbers are floats).
import { formatUsd } from "@relay/billing/money";

export class UsageError extends Error {
  readonly exitCode = 2;
}

export function money(micros: bigint): { usd: string; micros: string } {
  return { usd: formatUsd(micros), micros: micros.toString() };
}

/** JSON.stringify that writes bigints as strings instead of throwing. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (typeof v === "bigint" ? v.toString() : v), 2);
}

export function print(json: boolean, value: unknown, human: () => string): void {
  process.stdout.write(`${json ? toJson(value) : human()}\n`);
}
