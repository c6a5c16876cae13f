import { describe, expect, it } from "vitest";
import { listenActions, mayListen } from "./listen-statements.ts";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("listenActions", () => {
  it.each([
    ["LISTEN relay_api_key_changed", [{ kind: "listen", channel: "relay_api_key_changed" }]],
    ["listen Relay_Changed;", [{ kind: "listen", channel: "relay_changed" }]],
    ['LISTEN "Relay ""Quoted"" Ünï"', [{ kind: "listen", channel: 'Relay "Quoted" Ünï' }]],
    ["  -- why\n  /* a /* nested */ note */ Listen a", [{ kind: "listen", channel: "a" }]],
    [
      "LISTEN a; unlisten b;UNLISTEN *",
      [
        { kind: "listen", channel: "a" },
        { kind: "unlisten", channel: "b" },
        { kind: "unlisten-all" },
      ],
    ],
    ["BEGIN; LISTEN a; COMMIT", [{ kind: "listen", channel: "a" }]],
    ["SELECT 'LISTEN a; x'; LISTEN b", [{ kind: "listen", channel: "b" }]],
    ["SELECT $$; LISTEN a; $$", []],
    ["SELECT E'it\\'s; LISTEN a; '; LISTEN b", [{ kind: "listen", channel: "b" }]],
    ["SELECT 'a\\'; LISTEN c", [{ kind: "listen", channel: "c" }]],
    ["SELECT pg_notify('listen', 'x')", []],
    ['SELECT 1 AS "listen"', []],
    ["LISTEN", []],
    ["LISTEN a b", []],
  ])("%s", (sql, expected) => {
    expect(listenActions(sql)).toEqual(expected);
  });
});

describe("mayListen", () => {
  it("finds listen in any case, from the given offset", () => {
    expect(mayListen(bytes("xxxxxLiStEn a"), 5)).toBe(true);
    expect(mayListen(bytes("xxxxxUNLISTEN *"), 5)).toBe(true);
    expect(mayListen(bytes("listenSELECT 1"), 6)).toBe(false);
    expect(mayListen(bytes("SELECT * FROM listings"), 0)).toBe(false);
  });
});
