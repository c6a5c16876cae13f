import { isList, isRecord } from "./params.ts";
import type { Random } from "./random.ts";
import { phrase } from "./text.ts";

export type JsonValue =
  | null
  | boolean
  | number
  | string
  | JsonValue[]
  | { [key: string]: JsonValue };

const CITIES = ["Paris, France", "Boston, MA", "Tokyo, Japan", "Berlin, Germany", "Lima, Peru"];
const MAX_DEPTH = 6;

export interface SchemaHints {
  /** A place named in the user's message ("weather in Oslo"), used for location-like fields. */
  location?: string;
}

/**
 * A deterministic value that satisfies a JSON schema's common keywords (type, enum, const,
 * properties, items, anyOf/oneOf, local $ref, numeric bounds): tool-call arguments and
 * json_schema answers that a client can parse and validate.
 */
export function valueForSchema(
  schema: unknown,
  random: Random,
  hints: SchemaHints = {},
): JsonValue {
  return valueAt(schema, schema, random, hints, "", 0);
}

function valueAt(
  schema: unknown,
  root: unknown,
  random: Random,
  hints: SchemaHints,
  key: string,
  depth: number,
): JsonValue {
  if (!isRecord(schema) || depth > MAX_DEPTH) return stringFor(key, random, hints);
  const ref = schema.$ref;
  if (typeof ref === "string") {
    return valueAt(resolveRef(ref, root), root, random, hints, key, depth + 1);
  }
  if ("const" in schema) return toJson(schema.const);
  if (isList(schema.enum) && schema.enum.length > 0) return toJson(random.pick(schema.enum));
  const variants = isList(schema.anyOf) ? schema.anyOf : schema.oneOf;
  if (isList(variants) && variants.length > 0) {
    return valueAt(variants[0], root, random, hints, key, depth + 1);
  }
  switch (schemaType(schema)) {
    case "object":
      return objectFor(schema, root, random, hints, depth);
    case "array": {
      const min = typeof schema.minItems === "number" ? schema.minItems : 1;
      const max = typeof schema.maxItems === "number" ? schema.maxItems : Math.max(min, 3);
      const length = random.int(min, Math.max(min, Math.min(max, min + 2)));
      return Array.from({ length }, () =>
        valueAt(schema.items, root, random, hints, key, depth + 1),
      );
    }
    case "integer": {
      const min = typeof schema.minimum === "number" ? Math.ceil(schema.minimum) : 0;
      const max = typeof schema.maximum === "number" ? Math.floor(schema.maximum) : min + 100;
      return random.int(min, Math.max(min, max));
    }
    case "number": {
      const min = typeof schema.minimum === "number" ? schema.minimum : 0;
      const max = typeof schema.maximum === "number" ? schema.maximum : min + 100;
      return Math.round((min + random.next() * (max - min)) * 100) / 100;
    }
    case "boolean":
      return random.next() < 0.5;
    case "null":
      return null;
    default:
      return stringFor(key, random, hints);
  }
}

function objectFor(
  schema: Record<string, unknown>,
  root: unknown,
  random: Random,
  hints: SchemaHints,
  depth: number,
): JsonValue {
  const out: { [key: string]: JsonValue } = {};
  const properties = isRecord(schema.properties) ? schema.properties : {};
  // Strict structured outputs require every property, so all are filled, in schema order.
  for (const [name, property] of Object.entries(properties)) {
    out[name] = valueAt(property, root, random, hints, name, depth + 1);
  }
  return out;
}

function schemaType(schema: Record<string, unknown>): string | undefined {
  const type = schema.type;
  if (typeof type === "string") return type;
  if (isList(type)) {
    const first = type.find((t) => t !== "null") ?? type[0];
    return typeof first === "string" ? first : undefined;
  }
  if (isRecord(schema.properties)) return "object";
  return undefined;
}

function stringFor(key: string, random: Random, hints: SchemaHints): string {
  if (/location|city|place|address/i.test(key)) return hints.location ?? random.pick(CITIES);
  return phrase(random, random.int(2, 4));
}

function resolveRef(ref: string, root: unknown): unknown {
  if (!ref.startsWith("#/")) return undefined;
  let node: unknown = root;
  for (const segment of ref.slice(2).split("/")) {
    node = isRecord(node) ? node[segment] : undefined;
  }
  return node;
}

function toJson(value: unknown): JsonValue {
  return JSON.parse(JSON.stringify(value ?? null)) as JsonValue;
}

/** "What's the weather in Oslo?" -> "Oslo": the capitalised words after "in". */
export function locationHint(text: string): string | undefined {
  const match = /\bin ((?:[A-Z][\w'-]*)(?:,? [A-Z][\w'-]*)*)/.exec(text);
  return match?.[1];
}
