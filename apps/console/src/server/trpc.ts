// The one procedure chain every router uses: public -> signed in -> tenant member -> operator.
// Access is decided here, once, and the verbs' typed errors become tRPC codes here too: procedures
// only validate their input and call a verb.
import type { Db, MemberRole } from "@relay/db";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError, z } from "zod";
import type { AppSession } from "./auth/session.ts";
import { domainToTrpcError } from "./trpc-errors.ts";

export interface Context {
  db: Db;
  session: AppSession | null;
}

/** Needs no HTTP request: the route handler passes the session it read, tests pass their own. */
export function createContext({ db, session }: Context): Context {
  return { db, session };
}

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    return {
      ...shape,
      data: {
        ...shape.data,
        // Field errors for forms; never the stack or a driver message.
        fieldErrors:
          error.cause instanceof ZodError ? z.flattenError(error.cause).fieldErrors : null,
      },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/**
 * A service, billing or payments verb's expected failure becomes the matching tRPC error (the
 * tables are in trpc-errors.ts); anything else stays a 500. A middleware rather than the error
 * formatter, so server-side callers (createCaller) get the same code as the browser.
 */
const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const mapped = domainToTrpcError(result.error.cause);
    if (mapped) throw mapped;
  }
  return result;
});

export const publicProcedure = t.procedure.use(mapDomainErrors);

export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.session) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first" });
  const { user } = ctx.session;
  return next({ ctx: { ...ctx, user, actor: { userId: user.id, label: user.email } } });
});

const roleRank: Record<MemberRole, number> = { DEVELOPER: 1, ADMIN: 2, OWNER: 3 };

/** Throws FORBIDDEN unless `role` is at least `minimum` (OWNER > ADMIN > DEVELOPER). */
export function requireRole(role: MemberRole, minimum: MemberRole): void {
  if (roleRank[role] < roleRank[minimum]) {
    throw new TRPCError({
      code: "FORBIDDEN",
      message: `This needs the ${minimum.toLowerCase()} role or higher`,
    });
  }
}

/**
 * Input carries `tenantId`; the caller must be a member of that tenant. Not a member reads as
 * NOT_FOUND, the same answer as a tenant that does not exist, so ids cannot be probed.
 */
export const tenantProcedure = protectedProcedure
  .input(z.object({ tenantId: z.uuid() }))
  .use(async ({ ctx, input, next }) => {
    const membership = await ctx.db.membership.findUnique({
      where: { tenantId_userId: { tenantId: input.tenantId, userId: ctx.user.id } },
      select: { tenantId: true, role: true, tenant: { select: { status: true } } },
    });
    if (!membership) throw new TRPCError({ code: "NOT_FOUND", message: "No such tenant" });
    return next({ ctx: { ...ctx, membership } });
  });

/** Same chain plus a minimum tenant role. */
export function tenantRoleProcedure(minimum: MemberRole) {
  return tenantProcedure.use(({ ctx, next }) => {
    requireRole(ctx.membership.role, minimum);
    return next();
  });
}

/** Platform operators. The role is read again from the database: a demoted operator stops now. */
export const operatorProcedure = protectedProcedure.use(async ({ ctx, next }) => {
  const user = await ctx.db.user.findUnique({
    where: { id: ctx.user.id },
    select: { role: true, disabledAt: true },
  });
  if (user?.role !== "OPERATOR" || user.disabledAt) {
    throw new TRPCError({ code: "FORBIDDEN", message: "Operators only" });
  }
  return next();
});
