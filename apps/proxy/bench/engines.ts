// The databases (and hold stores) Relay is measured on in one run: always the embedded default
// that `pnpm start` uses, plus PostgreSQL, with Redis when REDIS_URL is set, when DATABASE_URL is.
export interface Engine {
  name: "embedded" | "postgres" | "postgres+redis";
  label: string;
  /** The server a fresh database is created on; undefined: an in-memory embedded Postgres. */
  databaseUrl: string | undefined;
  /** Environment for the Relay process on this engine. */
  env: Record<string, string>;
}

export function enginesFromEnv(env: NodeJS.ProcessEnv): Engine[] {
  const engines: Engine[] = [
    {
      name: "embedded",
      label: "embedded Postgres (the pnpm start default)",
      databaseUrl: undefined,
      // Empty counts as unset: holds and limits without Redis, as the embedded default runs.
      // As `pnpm start` runs it: one proxy, its holds in memory, no Redis.
      env: { REDIS_URL: "", RELAY_HOLDS: "memory" },
    },
  ];
  if (env.DATABASE_URL) {
    engines.push(
      env.REDIS_URL
        ? {
            name: "postgres+redis",
            label: "PostgreSQL + Redis",
            databaseUrl: env.DATABASE_URL,
            env: { REDIS_URL: env.REDIS_URL },
          }
        : {
            name: "postgres",
            label: "PostgreSQL",
            databaseUrl: env.DATABASE_URL,
            env: { REDIS_URL: "" },
          },
    );
  }
  return engines;
}
