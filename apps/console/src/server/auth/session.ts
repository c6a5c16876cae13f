import type { MemberRole, PlatformRole } from "@relay/db";

/** What the session token carries and every procedure sees: who, and their platform role. */
export interface SessionUser {
  id: string;
  email: string;
  name: string | null;
  role: PlatformRole;
}

export interface AppSession {
  user: SessionUser;
}

export type { MemberRole };
