# syntax=docker/dockerfile:1
# Relay console: the Next.js standalone server (apps/console). Build from the repository root:
#   docker build -f docker/console.Dockerfile .

FROM node:20-slim AS base
# corepack is not used: pnpm comes from the npm registry like every other dependency.
RUN npm install -g pnpm@10
ENV NEXT_TELEMETRY_DISABLED=1
WORKDIR /app

FROM base AS build
# Download every package the lockfile names into pnpm's store. This layer depends on the lockfile
# alone, so source changes do not download anything again.
COPY pnpm-lock.yaml pnpm-workspace.yaml ./
RUN pnpm fetch
# The whole workspace (see .dockerignore): the root postinstall generates the Prisma client from
# prisma/ with tooling/prisma/prisma.mjs, and the console compiles the workspace packages' source.
COPY . .
RUN pnpm install --offline --frozen-lockfile
RUN RELAY_CONSOLE_STANDALONE=1 pnpm --filter @relay/console build
# The standalone server serves public/ and .next/static only when they sit beside it.
RUN mkdir -p apps/console/public

FROM node:20-slim AS runtime
# Docker sets HOSTNAME to the container id; the server must listen on every interface instead.
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOSTNAME=0.0.0.0
WORKDIR /app
# .next/standalone holds the traced server (apps/console/server.js) with only the node_modules
# it needs, laid out like the monorepo (outputFileTracingRoot is the repository root).
COPY --from=build --chown=node:node /app/apps/console/.next/standalone ./
COPY --from=build --chown=node:node /app/apps/console/.next/static ./apps/console/.next/static
COPY --from=build --chown=node:node /app/apps/console/public ./apps/console/public
USER node
EXPOSE 3000
CMD ["node", "apps/console/server.js"]
