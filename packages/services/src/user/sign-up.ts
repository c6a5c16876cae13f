import { randomBytes } from "node:crypto";
import { inTransaction, type MemberRole, type PlatformRole, type Tenant, type Tx } from "@relay/db";
import { z } from "zod";
import { writeAudit } from "../audit.ts";
import type { ServiceContext } from "../context.ts";
import { ServiceError } from "../errors.ts";
import { referralCodeInput, referrerByCode } from "../referral/code.ts";
import { createTenant } from "../tenant/create.ts";
import { slugify } from "../tenant/slug.ts";
import { acceptInvitation, previewInvitation } from "./invitations.ts";
import { hashPassword } from "./password.ts";

export const MIN_PASSWORD_LENGTH = 8;

export const signUpInput = z.object({
  name: z.string().trim().min(1, "name is required").max(120),
  email: z.string().trim().toLowerCase().pipe(z.email("not an email address")),
  password: z
    .string()
    .min(MIN_PASSWORD_LENGTH, `password: at least ${MIN_PASSWORD_LENGTH} characters`)
    .max(200),
  /** The tenant's name; the person's name when not given. */
  company: z.string().trim().max(120).optional(),
  /** The invite link's code (/sign-up?ref=...); an unknown one is ignored. */
  ref: referralCodeInput.optional(),
  /** A workspace invitation's token: the account joins that workspace instead of getting one. */
  invite: z.string().min(1).max(200).optional(),
});
export type SignUpInput = z.input<typeof signUpInput>;

export interface SignedUp {
  user: { id: string; email: string; name: string | null; role: PlatformRole };
  tenant: Tenant;
  role: MemberRole;
}

/**
 * A new developer: the user, a tenant of their own (no credit) and their OWNER membership, all or
 * nothing. A taken email is a CONFLICT; the tenant's slug gets a suffix when its name is taken.
 */
export async function signUp({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: z.output<typeof signUpInput>;
}): Promise<SignedUp> {
  // Hashing is slow on purpose: do it before the transaction, not while holding it open.
  const passwordHash = await hashPassword(input.password);
  try {
    return await inTransaction(ctx.db, async (tx) => {
      if (await tx.user.findUnique({ where: { email: input.email }, select: { id: true } })) {
        throw new ServiceError("CONFLICT", "An account with this email already exists");
      }
      if (input.invite) {
        return joinByInvitation(tx, { ...input, invite: input.invite, passwordHash });
      }
      return createAccount(tx, {
        email: input.email,
        name: input.name,
        passwordHash,
        tenantName: input.company || input.name,
        via: "password",
        referralCode: input.ref,
      });
    });
  } catch (error) {
    // Two sign-ups racing for one email: the unique index decides, the loser gets the same answer.
    if (isUniqueViolation(error)) {
      throw new ServiceError("CONFLICT", "An account with this email already exists");
    }
    throw error;
  }
}

/**
 * Inside the caller's transaction: the user, a tenant of their own (no credit), their OWNER
 * membership and the `user.sign_up` audit row. Every way of signing up goes through here.
 */
export async function createAccount(
  tx: Tx,
  input: {
    email: string;
    name: string;
    passwordHash: string | null;
    tenantName: string;
    /** How they signed up, for the audit row: "password", "github". */
    via: string;
    /** An invite link's code: the new workspace is recorded as referred by its owner. */
    referralCode?: string;
  },
): Promise<SignedUp> {
  const user = await tx.user.create({
    data: {
      email: input.email,
      name: input.name,
      passwordHash: input.passwordHash,
      // An identity provider that vouched for the address has verified it.
      emailVerified: input.via === "password" ? null : new Date(),
    },
    select: { id: true, email: true, name: true, role: true },
  });
  const actor = { userId: user.id, label: user.email };
  let slug = slugify(input.tenantName);
  if (await tx.tenant.findUnique({ where: { slug }, select: { id: true } })) {
    slug = `${slug.slice(0, 39)}-${randomBytes(4).toString("hex")}`;
  }
  const referrer = await referrerByCode(tx, input.referralCode);
  const tenant = await createTenant({
    ctx: { db: tx, actor },
    input: { name: input.tenantName, slug, referredById: referrer?.id },
  });
  await tx.membership.create({ data: { tenantId: tenant.id, userId: user.id, role: "OWNER" } });
  await writeAudit(tx, actor, {
    action: "user.sign_up",
    targetType: "user",
    targetId: user.id,
    tenantId: tenant.id,
    data: input.via === "password" ? { email: user.email } : { email: user.email, via: input.via },
  });
  return { user, tenant, role: "OWNER" as const };
}

/**
 * A sign-up from an invitation link: the user and their membership of the inviting workspace with
 * the invited role, and no workspace of their own. An invitation for this very address verifies
 * it (the link came to that inbox). A link that cannot be used is INVALID_INPUT, not CONFLICT,
 * which would read as "email taken".
 */
async function joinByInvitation(
  tx: Tx,
  input: { email: string; name: string; invite: string; passwordHash: string },
): Promise<SignedUp> {
  const now = new Date();
  const preview = await previewInvitation({ ctx: { db: tx }, input: { token: input.invite }, now });
  if (preview?.state !== "pending") {
    throw new ServiceError("INVALID_INPUT", "This invitation link cannot be used any more");
  }
  const user = await tx.user.create({
    data: {
      email: input.email,
      name: input.name,
      passwordHash: input.passwordHash,
      emailVerified: preview.email === input.email ? now : null,
    },
    select: { id: true, email: true, name: true, role: true },
  });
  const actor = { userId: user.id, label: user.email };
  let joined: Awaited<ReturnType<typeof acceptInvitation>>;
  try {
    joined = await acceptInvitation({
      ctx: { db: tx, actor },
      input: { token: input.invite },
      now,
    });
  } catch (error) {
    if (error instanceof ServiceError) throw new ServiceError("INVALID_INPUT", error.message);
    throw error;
  }
  await writeAudit(tx, actor, {
    action: "user.sign_up",
    targetType: "user",
    targetId: user.id,
    tenantId: joined.tenantId,
    data: { email: user.email, via: "invitation" },
  });
  const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: joined.tenantId } });
  return { user, tenant, role: joined.role };
}

export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "P2002";
}
