// The packages' typed errors reach the browser as tRPC codes, not as a 500: through a real tRPC
// client over the same fetch adapter the console's /api/trpc route uses, and, for every code,
// through the one mapping table.
import { randomUUID } from "node:crypto";
import { BillingError } from "@relay/billing";
import { PaymentsError } from "@relay/payments";
import { ServiceError } from "@relay/services";
import { createTRPCClient, httpLink, TRPCClientError } from "@trpc/client";
import type { TRPCError } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppSession } from "./auth/session.ts";
import { type AppRouter, appRouter } from "./root.ts";
import { db, type Person, person } from "./testing.ts";
import { createContext } from "./trpc.ts";
import { domainToTrpcError } from "./trpc-errors.ts";

afterAll(() => db.$disconnect());

/** What the browser holds: a tRPC client whose requests go through the fetch adapter. */
function browserFor(session: AppSession) {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: "http://console.test/api/trpc",
        transformer: superjson,
        fetch: (url, init) =>
          fetchRequestHandler({
            endpoint: "/api/trpc",
            req: new Request(url, init as RequestInit),
            router: appRouter,
            createContext: () => createContext({ db, session }),
          }),
      }),
    ],
  });
}

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCClientError) {
      const data = error.data as { code: string; httpStatus: number };
      return { code: data.code, httpStatus: data.httpStatus, message: error.message };
    }
    throw error;
  }
  throw new Error("the call succeeded");
}

let owner: Person;
let operator: AppSession;

beforeAll(async () => {
  owner = await person("owner-errors@example.com");
  const op = await person("operator-errors@example.com");
  await db.user.update({ where: { id: op.session.user.id }, data: { role: "OPERATOR" } });
  operator = { user: { ...op.session.user, role: "OPERATOR" } };
});

describe("typed errors reach the browser", () => {
  it("a BillingError: reusing a credit's idempotency key for another amount is CONFLICT (409)", async () => {
    const browser = browserFor(operator);
    const idempotencyKey = randomUUID();
    const credit = { tenantId: owner.tenant.id, reason: "goodwill", idempotencyKey };
    const first = await browser.operatorTenants.credit.mutate({ ...credit, amount: "2" });
    expect(first).toMatchObject({ amount: 2_000_000n, duplicate: false });

    expect(
      await failure(browser.operatorTenants.credit.mutate({ ...credit, amount: "3" })),
    ).toEqual({
      code: "CONFLICT",
      httpStatus: 409,
      message: `Idempotency key console:${idempotencyKey} was already used for a different entry`,
    });
    const tenant = await db.tenant.findUniqueOrThrow({ where: { id: owner.tenant.id } });
    expect(tenant.balance - first.balanceAfter).toBe(0n);
  });

  it("a PaymentsError: presets below the minimum are BAD_REQUEST (400) with the reason", async () => {
    const browser = browserFor(operator);
    const answer = await failure(
      browser.operatorPayments.save.mutate({
        currency: "usd",
        minimumMinor: 1_000,
        presetsMinor: [500, 2_000],
        methods: ["card"],
      }),
    );
    expect(answer).toMatchObject({ code: "BAD_REQUEST", httpStatus: 400 });
    expect(answer.message).toContain("Every preset must be at least the minimum");
  });

  it("a PaymentsError: another tenant's receipt is NOT_FOUND (404)", async () => {
    const stranger = await person("stranger-errors@example.com");
    const browser = browserFor(stranger.session);
    expect(
      await failure(
        browser.billing.receipt.query({ tenantId: stranger.tenant.id, orderId: randomUUID() }),
      ),
    ).toMatchObject({ code: "NOT_FOUND", httpStatus: 404 });
  });
});

describe("the mapping, code by code", () => {
  const cases: Array<[Error, TRPCError["code"]]> = [
    [new ServiceError("NOT_FOUND", "No such key"), "NOT_FOUND"],
    [new ServiceError("CONFLICT", "Already a member"), "CONFLICT"],
    [new ServiceError("INVALID_INPUT", "The amount cannot be zero"), "BAD_REQUEST"],
    [new ServiceError("FORBIDDEN", "Owners only"), "FORBIDDEN"],
    [new ServiceError("RATE_LIMITED", "Too many attempts"), "TOO_MANY_REQUESTS"],
    [new BillingError("TENANT_NOT_FOUND", "No tenant"), "NOT_FOUND"],
    [
      new BillingError("INSUFFICIENT_BALANCE", "The balance does not cover this debit"),
      "PRECONDITION_FAILED",
    ],
    [new BillingError("IDEMPOTENCY_CONFLICT", "Key used for another entry"), "CONFLICT"],
    [new BillingError("INVALID_AMOUNT", "A ledger entry cannot be zero"), "BAD_REQUEST"],
    [new PaymentsError("NOT_CONFIGURED", "No Stripe keys"), "PRECONDITION_FAILED"],
    [new PaymentsError("UNSUPPORTED_CURRENCY", "No rate for EUR"), "PRECONDITION_FAILED"],
    [new PaymentsError("SIGNATURE_INVALID", "Webhook signature rejected"), "UNAUTHORIZED"],
    [new PaymentsError("BELOW_MINIMUM", "The smallest top-up is 500"), "BAD_REQUEST"],
    [new PaymentsError("NOT_FOUND", "No such top-up"), "NOT_FOUND"],
    [
      new PaymentsError("INVALID_SETTINGS", "Every preset must be at least the minimum"),
      "BAD_REQUEST",
    ],
  ];

  it.each(cases)("%s -> %s, message kept", (error, trpc) => {
    expect(domainToTrpcError(error)).toMatchObject({ code: trpc, message: error.message });
  });

  it("anything else is left alone (it stays a 500)", () => {
    expect(domainToTrpcError(new Error("driver exploded"))).toBeUndefined();
    expect(domainToTrpcError(undefined)).toBeUndefined();
  });
});
