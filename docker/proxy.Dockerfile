# syntax=docker/dockerfile:1
# Relay proxy (apps/proxy), run from its JavaScript bundle (tooling/build): no TypeScript compiler at
# run time. The same image runs one-shot CLI commands such as `pnpm relay migrate` (apps/cli). Build from the repository root:
#   docker build -f docker/proxy.Dockerfile .

FROM node:20-slim AS base
# corepack is not used: pnpm comes from the npm registry like every other dependency.
RUN npm install -g pnpm@10
WORKDIR /app

FROM base AS install
# Download every package the lockfile names into pnpm's store; this layer depends on the lockfile
# alone, so source changes do not download anything again.
COPY pnpm-lock.yaml pnpm-workspace.yaml ./
RUN pnpm fetch
# The root postinstall generates the Prisma client from prisma/ with tooling/prisma/prisma.mjs.
COPY . .
# Only the root (tsx, prisma), the proxy and the CLI with their workspace dependencies: the
# console's Next.js, React and browser tooling stay out of this image.
RUN pnpm install --offline --frozen-lockfile --filter relay --filter "@relay/proxy..." --filter "@relay/cli..."
RUN node tooling/build/bundle.mjs proxy cli

FROM base AS runtime
# The pnpm store stays behind in the install stage; node_modules links into node_modules/.pnpm.
COPY --from=install /app ./
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000
USER node
EXPOSE 4000
# The V8 flags are tooling/build/node-flags.json's (a test keeps the two alike).
CMD ["node", "--max-semi-space-size=32", "tooling/build/run.mjs", "proxy"]
