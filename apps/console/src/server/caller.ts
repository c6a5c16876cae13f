import { getDb } from "@relay/db";
import { getSession } from "./auth/get-session.ts";
import { createCaller } from "./root.ts";
import { createContext } from "./trpc.ts";

/** The same procedures the browser calls, for server components: same checks, no HTTP hop. */
export async function serverCaller() {
  return createCaller(createContext({ db: getDb(), session: await getSession() }));
}
