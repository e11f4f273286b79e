import { Flag, Integer, Setting, SettingsGroup, Url } from '../setting';

export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/tally';

@SettingsGroup({
  title: 'Database',
  description: 'PostgreSQL, which holds the ledger and everything else Tally keeps.',
})
export class DatabaseSettings {
  @Setting({
    env: 'DATABASE_URL',
    default: DEFAULT_DATABASE_URL,
    description: 'The PostgreSQL database; `npm run db:migrate` creates it if it does not exist.',
  })
  @Url(['postgresql:'], ['postgres:'])
  databaseUrl!: string;

  @Setting({ env: 'DATABASE_POOL_SIZE', default: 10, description: 'Database connections per process (API or worker).' })
  @Integer({ min: 1, max: 200 })
  databasePoolSize!: number;

  @Setting({
    env: 'DATABASE_PREPARED_STATEMENTS',
    default: true,
    description:
      'Runs the plain-SQL transactions of the money paths as server-side prepared statements. Set `false` behind ' +
      'a transaction-mode pooler such as PgBouncer, which cannot keep them (see "Plain SQL on the money paths" in docs/operations.md).',
  })
  @Flag()
  databasePreparedStatements!: boolean;
}
