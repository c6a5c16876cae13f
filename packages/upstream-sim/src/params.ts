import { SimError } from "./errors.ts";

/** A parsed JSON request body. Unknown fields are accepted, as new OpenAI parameters appear often. */
export type Body = Readonly<Record<string, unknown>>;

/** `Array.isArray` without its `any[]`: elements stay `unknown` until checked. */
export function isList(value: unknown): value is readonly unknown[] {
  return Array.isArray(value);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** How OpenAI names a JSON value's type in its "Invalid type" messages. */
export function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "number") return Number.isInteger(value) ? "an integer" : "a decimal";
  if (typeof value === "string") return "a string";
  if (typeof value === "boolean") return "a boolean";
  return "an object";
}

export function invalidType(param: string, expected: string, value: unknown): SimError {
  return new SimError(
    400,
    `Invalid type for '${param}': expected ${expected}, but got ${typeName(value)} instead.`,
    { param, code: "invalid_type" },
  );
}

export function invalidValue(param: string, value: unknown, allowed: readonly string[]): SimError {
  const list = allowed.map((v) => `'${v}'`).join(", ");
  return new SimError(400, `Invalid value: '${String(value)}'. Supported values are: ${list}.`, {
    param,
    code: "invalid_value",
  });
}

export function missingParam(param: string): SimError {
  return new SimError(400, `Missing required parameter: '${param}'.`, {
    param,
    code: "missing_required_parameter",
  });
}

export function asBody(value: unknown): Body {
  if (!isRecord(value)) throw invalidType("body", "an object", value);
  return value;
}

/** Chat, completions and embeddings require a model; OpenAI answers this exact message. */
export function requireModel(body: Body): string {
  const model = body.model;
  if (model === undefined || model === null || model === "") {
    throw new SimError(400, "you must provide a model parameter");
  }
  if (typeof model !== "string") throw invalidType("model", "a string", model);
  return model;
}

export function optionalString(body: Body, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw invalidType(key, "a string", value);
  return value;
}

export function optionalBoolean(body: Body, key: string): boolean | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") throw invalidType(key, "a boolean", value);
  return value;
}

export function optionalNumber(body: Body, key: string): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw invalidType(key, "a number", value);
  }
  return value;
}

export function optionalInteger(
  body: Body,
  key: string,
  range: { min: number; max?: number },
): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw invalidType(key, "an integer", value);
  }
  if (value < range.min) {
    throw new SimError(
      400,
      `Invalid '${key}': integer below minimum value. Expected a value >= ${range.min}, but got ${value} instead.`,
      { param: key, code: "integer_below_min_value" },
    );
  }
  if (range.max !== undefined && value > range.max) {
    throw new SimError(
      400,
      `Invalid '${key}': integer above maximum value. Expected a value <= ${range.max}, but got ${value} instead.`,
      { param: key, code: "integer_above_max_value" },
    );
  }
  return value;
}

export function optionalEnum<T extends string>(
  body: Body,
  key: string,
  allowed: readonly T[],
): T | undefined {
  const value = optionalString(body, key);
  if (value === undefined) return undefined;
  const found = allowed.find((candidate) => candidate === value);
  if (found === undefined) throw invalidValue(key, value, allowed);
  return found;
}

/** `stop`: a string or up to 4 strings, as OpenAI allows. */
export function stopSequences(body: Body): string[] {
  const value = body.stop;
  if (value === undefined || value === null) return [];
  if (typeof value === "string") return value === "" ? [] : [value];
  if (!isList(value)) throw invalidType("stop", "a string or an array of strings", value);
  if (value.length > 4) {
    throw new SimError(
      400,
      `Invalid 'stop': array too long. Expected an array with maximum length 4, but got an array with length ${value.length} instead.`,
      { param: "stop", code: "array_above_max_length" },
    );
  }
  return value
    .map((item, index) => {
      if (typeof item !== "string") throw invalidType(`stop[${index}]`, "a string", item);
      return item;
    })
    .filter((item) => item !== "");
}

/** `logit_bias`: token id -> bias in [-100, 100]. Checked, then ignored (the text is fixed). */
export function checkLogitBias(body: Body): void {
  const value = body.logit_bias;
  if (value === undefined || value === null) return;
  if (!isRecord(value)) throw invalidType("logit_bias", "an object", value);
  for (const [token, bias] of Object.entries(value)) {
    if (!/^\d+$/.test(token)) {
      throw new SimError(400, `Invalid key in 'logit_bias': ${token}. Should be an integer.`, {
        param: "logit_bias",
        code: "invalid_value",
      });
    }
    if (typeof bias !== "number" || bias < -100 || bias > 100) {
      throw new SimError(
        400,
        `Invalid value for 'logit_bias': ${String(bias)}. Expected a number between -100 and 100.`,
        { param: "logit_bias", code: "invalid_value" },
      );
    }
  }
}

/** `stream_options` is only allowed with `stream: true`; OpenAI rejects it otherwise. */
export function includeUsage(body: Body, stream: boolean): boolean {
  const options = body.stream_options;
  if (options === undefined || options === null) return false;
  if (!stream) {
    throw new SimError(
      400,
      "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
      { param: "stream_options", code: "invalid_value" },
    );
  }
  if (!isRecord(options)) throw invalidType("stream_options", "an object", options);
  const flag = options.include_usage;
  if (flag === undefined || flag === null) return false;
  if (typeof flag !== "boolean")
    throw invalidType("stream_options.include_usage", "a boolean", flag);
  return flag;
}
