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

export function integer(name: string) {
  return (value: string): number => {
    if (!/^-?\d+$/.test(value)) throw new UsageError(`--${name} must be a whole number`);
    return Number(value);
  };
}

export const CLI_ACTOR = { label: "cli" } as const;
