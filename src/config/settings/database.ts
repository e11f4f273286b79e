import { Flag, Integer, OneOf, Setting, SettingsGroup, Text, Url } from '../setting';

export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/tally';

export const EMBEDDED_POSTGRES_MODES = ['auto', 'always', 'never'] as const;
export type EmbeddedPostgresMode = (typeof EMBEDDED_POSTGRES_MODES)[number];

@SettingsGroup({
  title: 'Database',
  description: 'PostgreSQL, which holds the ledger and everything else Tally keeps.',
})
export class DatabaseSettings {
  @Setting({
    env: 'DATABASE_URL',
    default: DEFAULT_DATABASE_URL,
    description: 'The PostgreSQL database; `npm run db:migrate` creates it if it does not exist.',
    decidedAtStart:
      '`npm start` and `npm test` use DEFAULT_DATABASE_URL if a PostgreSQL answers there, else (outside ' +
      'production) an embedded PostgreSQL; the API, the worker and `npm run db:migrate` run on their own use the default',
  })
  @Url(['postgresql:'], ['postgres:'])
  databaseUrl!: string;

  @Setting({
    env: 'DEFAULT_DATABASE_URL',
    default: DEFAULT_DATABASE_URL,
    description:
      'Meant for tests: the address `npm start` and `npm test` probe for a PostgreSQL when DATABASE_URL is unset ' +
      '(and the one they use if it answers). Point it at an unused port to test the start on a machine with none.',
  })
  @Url(['postgresql:'], ['postgres:'])
  defaultDatabaseUrl!: string;

  @Setting({
    env: 'EMBEDDED_POSTGRES',
    default: 'auto',
    decidedAtStart: 'as `auto`',
    description:
      'Development only: whether `npm start` runs a PostgreSQL of its own (the optional `embedded-postgres` package). ' +
      '`auto` does when DATABASE_URL is unset and nothing answers at DEFAULT_DATABASE_URL, and never in production; ' +
      '`always` does whatever else is configured; `never` does not.',
  })
  @OneOf(EMBEDDED_POSTGRES_MODES)
  embeddedPostgres!: EmbeddedPostgresMode;

  @Setting({
    env: 'EMBEDDED_POSTGRES_PORT',
    default: 54329,
    description: 'The port the embedded PostgreSQL listens on, on 127.0.0.1 only.',
  })
  @Integer({ min: 1, max: 65535 })
  embeddedPostgresPort!: number;

  @Setting({
    env: 'TALLY_LOCAL_DIR',
    default: '.tally',
    description:
      "Development only: the directory (relative to the working directory) of the embedded PostgreSQL's files " +
      '(`postgres/`, kept across restarts) and of the demo set seeded on the first start (`demo.json`, `demo.env`, ' +
      'which hold its secrets). Delete it to start afresh. As root, when the user postgres cannot reach it, ' +
      '`postgres/` is a link to a data directory in /var/lib/tally, which the start log names: delete that too.',
  })
  @Text({ minLength: 1, maxLength: 1000 })
  tallyLocalDir!: string;

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
