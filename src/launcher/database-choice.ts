// Which PostgreSQL a start uses: one rule for `npm start` (launcher.ts) and
// `npm test` (test/support/global-setup.cjs, which loads this file through
// tsx), so that the suites run where the launcher would.
import type { AppConfig } from '../config/configuration';
import { answers } from '../queues/queue-backend';

/** DATABASE_URL, the default address, or an embedded PostgreSQL of our own. */
export type DatabaseSource = 'configured' | 'default' | 'embedded';

/** Whether something accepts TCP connections at the host and port of `url` (it does not check what answers). */
export function answersAt(url: string, defaultPort: number): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return answers(hostname.replace(/^\[|\]$/g, ''), Number(port || defaultPort), 1_000);
}

/**
 * DATABASE_URL when it is set (unless EMBEDDED_POSTGRES=always); otherwise the
 * default address (DEFAULT_DATABASE_URL) if something answers there;
 * otherwise, when EMBEDDED_POSTGRES allows (`auto` outside production, or
 * `always`), an embedded PostgreSQL. With `never`, or in production, the
 * default address although nothing answers there: connecting fails with the
 * usual error.
 */
export async function chooseDatabaseSource(
  config: Pick<AppConfig, 'embeddedPostgres' | 'isProduction' | 'defaultDatabaseUrl'>,
  env: Record<string, string | undefined>,
): Promise<DatabaseSource> {
  const mode = config.embeddedPostgres;
  if (mode === 'always') return 'embedded';
  if (env.DATABASE_URL) return 'configured';
  if (mode === 'never' || config.isProduction || (await answersAt(config.defaultDatabaseUrl, 5432))) return 'default';
  return 'embedded';
}
