// The checks every money and number option goes through before a command touches the database.
import { describe, expect, it } from "vitest";
import { integer, usd } from "./options.ts";
import { UsageError } from "./output.ts";

function refusal(parse: (value: string) => unknown, value: string): string {
  try {
    parse(value);
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error(`${value} was accepted`);
}

const LIMIT = "is beyond the limit of 1,000,000,000 USD per command";

describe("usd options", () => {
  const amount = usd("amount", { negative: true, zero: false });
  const price = usd("input");

  it.each([
    ["99999999999999", `--amount ${LIMIT}`],
    ["-99999999999999", `--amount ${LIMIT}`],
    ["1000000000.000001", `--amount ${LIMIT}`],
    ["-1000000000.000001", `--amount ${LIMIT}`],
    ["99999999999999999999999999", `--amount ${LIMIT}`],
    ["NaN", '--amount: "NaN" is not an amount in USD (e.g. 5 or 12.50)'],
    ["Infinity", '--amount: "Infinity" is not an amount in USD (e.g. 5 or 12.50)'],
    ["1e9", '--amount: "1e9" is not an amount in USD (e.g. 5 or 12.50)'],
    ["", '--amount: "" is not an amount in USD (e.g. 5 or 12.50)'],
    ["1,000", '--amount: "1,000" is not an amount in USD (e.g. 5 or 12.50)'],
    ["1.0000001", '--amount: "1.0000001" has more than 6 decimal places'],
    ["0", "--amount cannot be zero"],
    ["-0.000000", "--amount cannot be zero"],
  ])("--amount %j is refused: %s", (value, message) => {
    expect(refusal(amount, value)).toBe(message);
  });

  it.each([
    ["-0.5", "--input cannot be negative"],
    ["-0.000001", "--input cannot be negative"],
    ["1000000001", `--input ${LIMIT}`],
  ])("--input %j is refused: %s", (value, message) => {
    expect(refusal(price, value)).toBe(message);
  });

  it("passes the text through unchanged up to the limit, both ways where allowed", () => {
    for (const value of ["1000000000", "-1000000000", "2.50", "-0.000001", " 5 "]) {
      expect(amount(value)).toBe(value);
    }
    expect(price("0")).toBe("0");
    expect(price("1000000000.000000")).toBe("1000000000.000000");
  });
});

describe("integer options", () => {
  it.each([
    [integer("rpm", { min: 1 }), "0", "--rpm must be between 1 and 2147483647"],
    [integer("rpm", { min: 1 }), "-5", "--rpm must be between 1 and 2147483647"],
    [integer("tpm", { min: 1 }), "2147483648", "--tpm must be between 1 and 2147483647"],
    [integer("tpm", { min: 1 }), "99999999999999999999", "--tpm must be between 1 and 2147483647"],
    [integer("priority"), "-2147483649", "--priority must be between -2147483648 and 2147483647"],
    [integer("weight", { min: 1 }), "1.5", "--weight must be a whole number"],
    [integer("weight", { min: 1 }), "NaN", "--weight must be a whole number"],
    [integer("weight", { min: 1 }), "1e3", "--weight must be a whole number"],
  ])("%#: %j is refused: %s", (parse, value, message) => {
    expect(refusal(parse, value)).toBe(message);
  });

  it("accepts the range's ends", () => {
    expect(integer("priority")("-2147483648")).toBe(-2_147_483_648);
    expect(integer("rpm", { min: 1 })("2147483647")).toBe(2_147_483_647);
    expect(integer("weight", { min: 1 })("1")).toBe(1);
  });
});
