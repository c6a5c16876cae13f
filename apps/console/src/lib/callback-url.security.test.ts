import { describe, expect, it } from "vitest";
import { callbackPathOr, sameOriginPath } from "./callback-url.ts";

describe("sameOriginPath", () => {
  it.each([
    ["/console", "/console"],
    ["/console/acme/keys?tab=active#new", "/console/acme/keys?tab=active#new"],
    ["/invite/AbC_123-x", "/invite/AbC_123-x"],
    ["/operator", "/operator"],
    ["/usage?q=a%20b", "/usage?q=a%20b"],
    // Dot segments stay on this origin; the parser folds them.
    ["/console/../operator", "/operator"],
  ])("follows the path %j -> %j", (raw, path) => {
    expect(sameOriginPath(raw)).toBe(path);
  });

  it.each([
    ["a backslash host (what Next hands over for /%5Cevil.example/x)", "/\\evil.example/x"],
    ["the still-encoded backslash", "/%5Cevil.example/x"],
    ["the double-encoded backslash", "/%255Cevil.example/x"],
    ["a protocol-relative URL", "//evil.example/x"],
    ["an encoded protocol-relative URL", "/%2Fevil.example/x"],
    ["a double-encoded protocol-relative URL", "/%252F%252Fevil.example"],
    ["a backslash later in the path", "/console\\..\\\\evil.example"],
    ["a tab the browser drops", "/\t/evil.example"],
    ["an encoded tab", "/%09/evil.example"],
    ["a newline the browser drops", "/\n/evil.example"],
    ["a leading space", " /console"],
    ["an absolute URL to another host", "https://evil.example/console"],
    ["an absolute URL with no origin to compare", "http://localhost:3000/console"],
    ["javascript:", "javascript:alert(document.cookie)"],
    ["an encoded javascript:", "javascript%3Aalert(1)"],
    ["data:", "data:text/html,<script>alert(1)</script>"],
    ["a relative path", "console"],
    ["malformed percent-encoding", "/console%E0%A4%A"],
    ["an empty string", ""],
    ["not a string", ["/console"]],
    ["nothing", undefined],
  ])("refuses %s", (_, raw) => {
    expect(sameOriginPath(raw)).toBeNull();
  });

  it.each([
    ["http://localhost:3000/console/acme", "/console/acme"],
    ["HTTP://LOCALHOST:3000/operator?x=1", "/operator?x=1"],
    ["/console", "/console"],
  ])("with an origin, follows %j on it -> %j", (raw, path) => {
    expect(sameOriginPath(raw, "http://localhost:3000")).toBe(path);
  });

  it.each([
    "http://localhost:3000.evil.example/console",
    "http://localhost:3000@evil.example/console",
    "http://localhost:30001/console",
    "https://localhost:3000/console",
    "http://localhost:3000//evil.example",
    "http://localhost:3000/\\evil.example",
    "http://localhost:3000",
  ])("with an origin, refuses %j", (raw) => {
    expect(sameOriginPath(raw, "http://localhost:3000")).toBeNull();
  });

  it("callbackPathOr falls back for anything refused", () => {
    expect(callbackPathOr("/\\evil.example/x", "/console")).toBe("/console");
    expect(callbackPathOr("/console/acme", "/console")).toBe("/console/acme");
  });
});
