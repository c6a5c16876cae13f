import { inTransaction, type PlatformRole } from "@relay/db";
import { z } from "zod";
import type { ServiceContext } from "../context.ts";
import { ServiceError } from "../errors.ts";
import { createAccount, isUniqueViolation } from "./sign-up.ts";

export const oauthSignInInput = z.object({
  provider: z.enum(["github"]),
  email: z.string().trim().toLowerCase().pipe(z.email("not an email address")),
  /** Only an address the provider says is verified may sign in or create an account. */
  emailVerified: z.boolean(),
  /** The provider's display name or login; the address's local part when absent. */
  name: z.string().trim().max(120).nullish(),
});

export interface OAuthSignedIn {
  user: { id: string; email: string; name: string | null; role: PlatformRole };
  /** True when this sign-in made the account (and its tenant). */
  created: boolean;
}

/**
 * Signs in through an identity provider by verified email: an existing account with that email is
 * signed in; an unknown email gets an account like a password sign-up makes (the user with no
 * password, a tenant they own, the audit row), so they land in a console. An unverified email or
 * a disabled account is FORBIDDEN.
 */
export async function oauthSignIn({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: z.output<typeof oauthSignInInput>;
}): Promise<OAuthSignedIn> {
  if (!input.emailVerified) {
    throw new ServiceError("FORBIDDEN", "The provider has not verified this email address");
  }
  const select = { id: true, email: true, name: true, role: true, disabledAt: true } as const;
  const existing = async () => {
    const user = await ctx.db.user.findUnique({ where: { email: input.email }, select });
    if (user?.disabledAt) throw new ServiceError("FORBIDDEN", "This account is disabled");
    return user && { id: user.id, email: user.email, name: user.name, role: user.role };
  };
  const known = await existing();
  if (known) return { user: known, created: false };
  const name = input.name || input.email.split("@")[0] || input.email;
  try {
    const { user } = await inTransaction(ctx.db, (tx) =>
      createAccount(tx, {
        email: input.email,
        name,
        passwordHash: null,
        tenantName: name,
        via: input.provider,
      }),
    );
    return { user, created: true };
  } catch (error) {
    // Two first sign-ins racing (two tabs): the unique index picks one; both end up signed in.
    if (isUniqueViolation(error)) {
      const winner = await existing();
      if (winner) return { user: winner, created: false };
    }
    throw error;
  }
}
