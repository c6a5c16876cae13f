// The credentials provider's authorize() against the real database: 40 parallel wrong passwords
// from one address, then the right one is refused with the minutes to wait, until the window is
// over; another account behind the same address signs in meanwhile.
import { afterAll, describe, expect, it } from "vitest";
import { throttledMinutes } from "../../lib/sign-in-error.ts";
import { db, person } from "../testing.ts";
import { authorizeWithPassword, clientAddress } from "./password.ts";

afterAll(() => db.$disconnect());

const start = new Date("2026-12-01T10:00:00.000Z");
const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);
const from = (ip: string) => ({ "x-forwarded-for": `10.9.9.9, ${ip}` });

/** What the sign-in form gets: the user, "wrong" (null), or the error text it is handed. */
async function signIn(email: string, password: string, ip: string, now: Date) {
  try {
    return (await authorizeWithPassword(db, { email, password }, from(ip), now)) ?? "wrong";
  } catch (error) {
    return error instanceof Error ? error.message : "not an Error";
  }
}

describe("authorizeWithPassword", () => {
  it("locks an account after parallel guessing, then lets it in once the window is over", async () => {
    const victim = await person("victim@sign-in-throttle.example");
    const colleague = await person("colleague@sign-in-throttle.example");
    const ip = "192.0.2.77";

    const guesses = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        signIn("victim@sign-in-throttle.example", `guess-${i}`, ip, start),
      ),
    );
    expect(guesses.filter((g) => g === "wrong")).toHaveLength(5);
    expect(guesses.filter((g) => g === "TooManyAttempts:15")).toHaveLength(35);

    const refused = await signIn("victim@sign-in-throttle.example", "password123", ip, at(2));
    expect(refused).toBe("TooManyAttempts:13");
    expect(throttledMinutes(typeof refused === "string" ? refused : null)).toBe(13);

    expect(await signIn("colleague@sign-in-throttle.example", "password123", ip, at(2))).toEqual(
      colleague.session.user,
    );
    expect(await signIn("victim@sign-in-throttle.example", "password123", ip, at(15))).toEqual(
      victim.session.user,
    );
  });

  it("reads the address the nearest proxy appended", () => {
    expect(clientAddress({ "x-forwarded-for": "1.1.1.1, 203.0.113.5" })).toBe("203.0.113.5");
    expect(clientAddress({ "x-forwarded-for": "203.0.113.6" })).toBe("203.0.113.6");
    expect(clientAddress({})).toBeUndefined();
    expect(clientAddress(undefined)).toBeUndefined();
  });

  it("a malformed form is a plain refusal", async () => {
    expect(
      await authorizeWithPassword(db, { email: "not an email", password: "x" }, {}),
    ).toBeNull();
    expect(await authorizeWithPassword(db, undefined, {})).toBeNull();
  });
});
