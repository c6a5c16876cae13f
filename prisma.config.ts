// Prisma CLI configuration. The CLI runs on its JavaScript engine through the same `pg` driver
// adapter the apps use, because the native schema engine cannot be downloaded everywhere Relay is
// built. `prisma migrate diff` and `prisma db execute` work this way; applying migrations is
// `pnpm relay migrate` (packages/db/src/migrate.ts).
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  experimental: { adapter: true },
  engine: "js",
  adapter: async () =>
    new PrismaPg({ connectionString: process.env.DATABASE_URL ?? "postgresql://localhost/relay" }),
});
