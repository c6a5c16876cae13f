// Where to go after signing in (or up, or accepting an invitation): only ever a path on this
// origin. Browsers read "/\evil.example" as "//evil.example" and drop tabs and newlines inside a
// URL, so "starts with / but not //" is not enough: the text is also checked after percent-decoding
// and after the URL parser has normalised it.

const PLACEHOLDER_ORIGIN = "http://relay.invalid";

/**
 * The callbackUrl as a same-origin path ("/console/acme?x=1#y"), or null when it is anything
 * else: another host (also spelled "//", "/\" or percent-encoded), a scheme such as
 * "javascript:", or a malformed value. An absolute URL is accepted only on `origin`, when given,
 * and comes back as its path.
 */
export function sameOriginPath(raw: unknown, origin?: string): string | null {
  if (typeof raw !== "string" || raw.length === 0 || raw.length > 2048) return null;
  let candidate = raw;
  if (origin && !raw.startsWith("/")) {
    const base = originOf(origin);
    if (!base || !raw.toLowerCase().startsWith(`${base.toLowerCase()}/`)) return null;
    candidate = raw.slice(base.length);
  }
  if (!isPlainPath(candidate)) return null;
  // Each layer of percent-encoding must also read as a plain path: "/%5Cevil" or "/%2F%2Fevil"
  // turn into another host wherever something decodes once more before redirecting.
  let decoded = candidate;
  for (let layer = 0; layer < 3 && decoded.includes("%"); layer++) {
    try {
      decoded = decodeURIComponent(decoded);
    } catch {
      return null;
    }
    if (!isPlainPath(decoded)) return null;
  }
  const parsed = new URL(candidate, PLACEHOLDER_ORIGIN);
  if (parsed.origin !== PLACEHOLDER_ORIGIN) return null;
  return `${parsed.pathname}${parsed.search}${parsed.hash}`;
}

/** The callbackUrl when it is a same-origin path, else `fallback`. */
export function callbackPathOr(raw: unknown, fallback: string): string {
  return sameOriginPath(raw) ?? fallback;
}

/**
 * One "/", then not a second "/" or "\"; no backslash or control character anywhere and no space
 * at either end (browsers drop those before parsing).
 */
function isPlainPath(text: string): boolean {
  return (
    text.startsWith("/") &&
    !text.startsWith("//") &&
    !text.includes("\\") &&
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are the point.
    !/[\u0000-\u001f\u007f]/.test(text) &&
    text.trim() === text
  );
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}
