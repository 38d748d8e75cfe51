# The platform as one image: build stage compiles the plugin, the app and the admin panel; the runtime stage
# carries production dependencies and the built output only. Configuration is entirely environment variables
# (.env.example lists them; docs/deploy.md says which differ per instance). Not exercised on the development
# machine (no Docker there); see docs/deploy.md.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN mkdir -p public/uploads && NODE_ENV=production npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
# pg_dump / pg_restore for scripts/backup-db.sh and scripts/restore-db.sh; tini forwards SIGTERM to node so the
# graceful shutdown (readiness 503, drain, exit) runs.
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client tini && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production STRAPI_TELEMETRY_DISABLED=true HOST=0.0.0.0 PORT=1337 LOG_FORMAT=json
COPY --from=build /app /app
RUN mkdir -p public/uploads .tmp && chown -R node:node public .tmp
USER node
EXPOSE 1337
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||1337)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["npx", "strapi", "start"]
