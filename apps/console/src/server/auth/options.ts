import { getDb } from "@relay/db";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import { z } from "zod";
import { env } from "@/env.ts";
import { sameOriginPath } from "@/lib/callback-url.ts";
import { githubProfileUser, userForGitHub } from "./github.ts";
import { authorizeWithPassword } from "./password.ts";
import { authSecret } from "./secret.ts";
import type { SessionUser } from "./session.ts";
import { stillValid } from "./session-validity.ts";

function providers(): NextAuthOptions["providers"] {
  const list: NextAuthOptions["providers"] = [
    CredentialsProvider({
      id: "credentials",
      name: "Email and password",
      credentials: {
        email: { type: "email" },
        password: { type: "password" },
        code: { type: "text" },
      },
      authorize: (raw, request) => authorizeWithPassword(getDb(), raw, request.headers),
    }),
  ];
  if (env.GITHUB_ID && env.GITHUB_SECRET) {
    list.push(
      GitHubProvider({
        clientId: env.GITHUB_ID,
        clientSecret: env.GITHUB_SECRET,
        // Only a verified address reaches the callbacks below (see github.ts).
        profile: (raw, tokens) => githubProfileUser(raw, tokens.access_token),
      }),
    );
  }
  return list;
}

export const authOptions: NextAuthOptions = {
  // Read on first use, not at import: `next build` loads this module and must not need a secret.
  get secret() {
    return authSecret();
  },
  session: { strategy: "jwt", maxAge: 60 * 60 * 24 * 30 },
  providers: providers(),
  pages: { signIn: "/sign-in" },
  callbacks: {
    // Every redirect next-auth makes (after GitHub, sign-in, sign-out) stays on this origin.
    redirect({ url, baseUrl }) {
      return `${baseUrl}${sameOriginPath(url, baseUrl) ?? "/console"}`;
    },
    async signIn({ user, account }) {
      if (account?.provider !== "github") return true;
      // A first sign-in with a new verified email makes the account and its tenant here.
      return (await userForGitHub(getDb(), user)) !== null;
    },
    async jwt({ token, user, account }) {
      // Later requests keep what the token carries, unless a password reset since ended it.
      if (!user) return (await stillValid(getDb(), token)) ? token : {};
      const known =
        account?.provider === "github" ? await userForGitHub(getDb(), user) : toSessionUser(user);
      if (!known) return token;
      return {
        ...token,
        sub: known.id,
        email: known.email,
        name: known.name,
        role: known.role,
        signedInAt: Date.now(),
      };
    },
    session({ session, token }) {
      const role = token.role === "OPERATOR" ? "OPERATOR" : "USER";
      return {
        ...session,
        user: {
          id: token.sub ?? "",
          email: token.email ?? "",
          name: token.name ?? null,
          role,
        },
      };
    },
  },
};

function toSessionUser(user: unknown): SessionUser | null {
  const parsed = z
    .object({
      id: z.string(),
      email: z.string(),
      name: z.string().nullable(),
      role: z.enum(["OPERATOR", "USER"]),
    })
    .safeParse(user);
  return parsed.success ? parsed.data : null;
}
