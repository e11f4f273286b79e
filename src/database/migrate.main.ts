// `npm run db:migrate`: apply prisma/migrations to DATABASE_URL, creating the
// database first if it does not exist.
import { join } from 'node:path';
import { DEFAULT_DATABASE_URL } from '../config/configuration.js';
import { loadDotEnv } from '../config/dotenv.js';
import { migrate } from './migrator.js';

loadDotEnv();
const databaseUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
const migrationsDir = join(process.cwd(), 'prisma', 'migrations');

async function main(): Promise<void> {
  const result = await migrate(databaseUrl, migrationsDir, (line) => console.log(line));
  const where = new URL(databaseUrl);
  where.password = '';
  console.log(
    `database ${where.pathname.slice(1)} on ${where.host}: ` +
      `${result.createdDatabase ? 'created, ' : ''}${result.applied.length} migration(s) applied, ` +
      `${result.alreadyApplied.length} already applied`,
  );
}

main().catch((error: Error) => {
  console.error(`db:migrate failed: ${error.message}`);
  process.exit(1);
});
