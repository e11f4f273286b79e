// Prisma 7 configuration. The URL is only needed by the CLI (migrate, studio);
// the application connects through @prisma/adapter-pg with DATABASE_URL.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: {
    url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/tally',
  },
});
