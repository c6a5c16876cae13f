// GitHub sign-in: the first sign-in with a new verified email makes the account and its tenant,
// as email sign-up does; later ones sign the same account in. Only verified addresses count.
import type { Db } from "@relay/db";
import { oauthSignIn, oauthSignInInput, ServiceError } from "@relay/services";
import { z } from "zod";
import type { SessionUser } from "./session.ts";

const githubEmails = z.array(
  z.object({ email: z.string(), primary: z.boolean(), verified: z.boolean() }),
);

/**
 * The account's primary email if GitHub has verified it, else any verified one; null when none
 * is (or GitHub does not answer). GitHub's `/user` email can be unverified, so it is not used.
 */
export async function verifiedGitHubEmail(
  accessToken: string,
  fetchImpl: typeof fetch = fetch,
): Promise<string | null> {
  const response = await fetchImpl("https://api.github.com/user/emails", {
    headers: {
      Authorization: `Bearer ${accessToken}`,
      Accept: "application/vnd.github+json",
      "User-Agent": "relay-console",
    },
  });
  if (!response.ok) return null;
  const parsed = githubEmails.safeParse(await response.json());
  if (!parsed.success) return null;
  const verified = parsed.data.filter((e) => e.verified);
  return (verified.find((e) => e.primary) ?? verified[0])?.email ?? null;
}

/**
 * What next-auth's GitHub callbacks call: the session user for a verified GitHub email, creating
 * the account (and a tenant the person owns) on first sign-in. Null refuses the sign-in: no
 * verified email, or a disabled account.
 */
export async function userForGitHub(
  db: Db,
  profile: { email?: string | null; name?: string | null },
): Promise<SessionUser | null> {
  const parsed = oauthSignInInput.safeParse({
    provider: "github",
    email: profile.email,
    // The provider's profile() below only ever hands over a verified address.
    emailVerified: true,
    name: profile.name?.slice(0, 120),
  });
  if (!parsed.success) return null;
  try {
    const { user } = await oauthSignIn({
      ctx: { db, actor: { label: `github:${parsed.data.email}` } },
      input: parsed.data,
    });
    return user;
  } catch (error) {
    if (error instanceof ServiceError && error.code === "FORBIDDEN") return null;
    throw error;
  }
}

const githubProfile = z.object({
  id: z.union([z.number(), z.string()]),
  login: z.string(),
  name: z.string().nullish(),
  avatar_url: z.string().nullish(),
});

/** The GitHub provider's profile(): the user next-auth sees carries only a verified email. */
export async function githubProfileUser(
  raw: unknown,
  accessToken: string | undefined,
  fetchImpl: typeof fetch = fetch,
): Promise<{ id: string; name: string; email: string | null; image: string | null }> {
  const profile = githubProfile.parse(raw);
  return {
    id: String(profile.id),
    name: profile.name || profile.login,
    email: accessToken ? await verifiedGitHubEmail(accessToken, fetchImpl) : null,
    image: profile.avatar_url ?? null,
  };
}
