# syntax=docker/dockerfile:1
# atapi's daemon in a container: see docs/deploy.md. The base is pinned by digest (a tag can be
# moved under a rebuild); bump it deliberately, both stages at once.
ARG NODE_IMAGE=node:20-bookworm-slim@sha256:2cf067cfed83d5ea958367df9f966191a942351a2df77d6f0193e162b5febfc0

# --- build: the whole toolchain, to compile dist/ ---------------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
# Scripts off here: `prepare` would build before the sources are copied in.
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY source ./source
RUN npm run build

# --- runtime: production dependencies and dist/ only, as a non-root user ------------------------
FROM ${NODE_IMAGE}
# tini is PID 1: it forwards SIGTERM to the daemon (which settles orders in flight and closes
# the ledger) and reaps what exits; node as PID 1 would ignore the default signal handling.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 atapi \
 && useradd --system --uid 10001 --gid atapi --home-dir /home/atapi --create-home --shell /usr/sbin/nologin atapi \
 && mkdir -p /data \
 && chown atapi:atapi /data \
 && chmod 700 /data
WORKDIR /app
COPY package.json package-lock.json ./
# No dev dependencies, no lifecycle scripts: `prepare` builds (done above) and no production
# dependency needs one (ccxt's prints a banner; ws's optional bufferutil falls back to JS).
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /src/dist ./dist
RUN ln -s /app/dist/atapi.js /usr/local/bin/atapi

# The data directory (ledger, keystore, settings, daemon socket and log) lives on a volume, so
# a new image never touches it. Secrets come as files (/run/secrets/...) through *_FILE variables.
ENV ATAPI_DATA_DIR=/data \
    NODE_ENV=production
VOLUME /data
USER atapi

# Exit 1 when the daemon does not answer, its exchange link is down longer than
# daemon.healthLinkDownSeconds, or its ledger cannot be written.
HEALTHCHECK --interval=30s --timeout=15s --start-period=60s --retries=3 CMD ["atapi", "daemon", "status"]

# The daemon in the foreground; arguments replace CMD: `docker run IMAGE daemon run --exchange binance`.
ENTRYPOINT ["/usr/bin/tini", "--", "atapi"]
CMD ["daemon", "run"]
