import { Integer, Setting, SettingsGroup } from '../setting';

@SettingsGroup({ title: 'Ledger', description: 'The double-entry ledger in PostgreSQL (see docs/ledger.md).' })
export class LedgerSettings {
  @Setting({
    env: 'LEDGER_MAX_CONCURRENT_BATCHES',
    default: 4,
    description:
      "Ledger postings made outside a caller's transaction are grouped into batches (group commit); at most this " +
      'many batches are in flight per process.',
  })
  @Integer({ min: 1, max: 64 })
  ledgerMaxConcurrentBatches!: number;

  @Setting({
    env: 'GROUP_COMMIT_CONCURRENT_BATCHES',
    default: 2,
    description:
      'Wallet transfers and payment intent creation and confirmation are group-committed: requests that arrive ' +
      'while this many batches of their route are in flight (per API process) wait and go together.',
  })
  @Integer({ min: 1, max: 64 })
  groupCommitConcurrentBatches!: number;

  @Setting({
    env: 'LEDGER_EXPIRY_SWEEP_SECONDS',
    default: 30,
    description: 'How often the worker voids pending ledger transfers past their timeout.',
  })
  @Integer({ min: 1, max: 3_600 })
  ledgerExpirySweepSeconds!: number;
}
