import { getDb } from "@relay/db";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { getSession } from "@/server/auth/get-session.ts";
import { appRouter } from "@/server/root.ts";
import { createContext } from "@/server/trpc.ts";

function handler(req: Request): Promise<Response> {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: async () => createContext({ db: getDb(), session: await getSession() }),
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`[trpc] ${path}:`, error);
    },
  });
}

export { handler as GET, handler as POST };
