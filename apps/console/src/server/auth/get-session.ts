import { getServerSession } from "next-auth";
import { z } from "zod";
import { authOptions } from "./options.ts";
import type { AppSession } from "./session.ts";

const sessionShape = z.object({
  user: z.object({
    id: z.uuid(),
    email: z.string(),
    name: z.string().nullable(),
    role: z.enum(["OPERATOR", "USER"]),
  }),
});

/** The signed-in session for server components and route handlers, or null. */
export async function getSession(): Promise<AppSession | null> {
  const parsed = sessionShape.safeParse(await getServerSession(authOptions));
  return parsed.success ? parsed.data : null;
}
