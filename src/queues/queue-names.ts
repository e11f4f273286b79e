/** Every BullMQ queue Tally runs; metrics report the depth of each. */
export const QUEUE_NAMES = {
  /** Scheduled housekeeping: pruning idempotency keys, old outbox rows. */
  maintenance: 'maintenance',
  /** Ledger work: releasing pending transfers at their timeout. */
  ledger: 'ledger',
  /** Payment work: expiring unconfirmed intents and uncaptured authorizations. */
  payments: 'payments',
  /** Settlement of captured payments after the merchant's delay. */
  settlement: 'settlement',
  /** Payouts through the bank connector, and their status queries. */
  payouts: 'payouts',
  /** Wallet top-ups and withdrawals through the bank connector, and their status queries. */
  wallets: 'wallets',
  /** Webhook deliveries to partners' endpoints. */
  webhooks: 'webhooks',
} as const;

export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];
