# syntax=docker/dockerfile:1
#
# Orosanmälan: one image for the web and the job worker (compose.yaml runs both, and PostgreSQL).
#
# Not built with a container engine where it was written: that machine has the docker client but
# no daemon. Its steps were run by hand instead in a clean copy of the repository (npm ci, remix
# build, npm prune --omit=dev, then the web and the worker started from the pruned tree as an
# unprivileged user, NODE_ENV=production, against PostgreSQL), see the commit that added it.
#
# The service runs its TypeScript with tsx (a production dependency, as `npm run start:web` does),
# so the image holds the server sources beside the Remix build. Several files are read from the
# working directory at run time (public/locales, emails/, public/enhance.js, build/), hence /app.

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# npm ci applies these to node_modules (postinstall: patch-package; docs/decisions/0017).
COPY patches ./patches
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx remix build \
 && npm prune --omit=dev --no-audit --no-fund

FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    PORT=3000
WORKDIR /app
# Owned by root and only readable by the service: the process cannot change its own code.
COPY --from=build /app/package.json /app/tsconfig.json /app/server.ts ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/build ./build
COPY --from=build /app/public ./public
COPY --from=build /app/app ./app
COPY --from=build /app/db ./db
COPY --from=build /app/emails ./emails
# The node user (uid 1000) of the base image; nothing here needs root.
USER node
EXPOSE 3000
# /healthz answers while the process is up; a load balancer should use /readyz (database and migrations).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# One node process with tsx's loader (not npm or the tsx CLI in front of it), so SIGTERM reaches
# the server itself, which finishes requests in flight before it stops. The worker runs the same
# image with `--worker` (compose.yaml); without either flag the web starts a worker child itself.
# `--single-threaded-gc` and `--expose-gc`: docs/decisions/0022 and 0023 (a worker the web starts itself inherits them).
CMD ["node", "--single-threaded-gc", "--expose-gc", "--import", "tsx", "server.ts", "--web"]
