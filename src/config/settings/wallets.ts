import { Integer, Invalid, Parsed, Setting, SettingsGroup, TimeZone } from '../setting';

export type KycTier = 1 | 2 | 3;

/** What a wallet of one KYC tier may do, in minor units of each currency. */
export interface WalletTierLimits {
  /** Largest single outgoing movement (transfer, withdrawal, payment). */
  perTransaction: bigint;
  /** Most that may go out per calendar day and currency. */
  daily: bigint;
  /** Most the wallet may hold per currency (pending top-ups count). */
  maxBalance: bigint;
}

/** Parses "per_transaction=<n>,daily=<n>,max_balance=<n>"; null if malformed. */
export function parseWalletTierLimits(value: string): WalletTierLimits | null {
  const fields = new Map<string, bigint>();
  for (const part of value.split(',')) {
    const match = /^\s*(per_transaction|daily|max_balance)\s*=\s*(\d{1,18})\s*$/.exec(part);
    if (!match || fields.has(match[1])) return null;
    fields.set(match[1], BigInt(match[2]));
  }
  const perTransaction = fields.get('per_transaction');
  const daily = fields.get('daily');
  const maxBalance = fields.get('max_balance');
  if (perTransaction === undefined || daily === undefined || maxBalance === undefined) return null;
  if (perTransaction <= 0n || daily <= 0n || maxBalance <= 0n) return null;
  return { perTransaction, daily, maxBalance };
}

const TierLimits = () =>
  Parsed(
    '`per_transaction=<n>,daily=<n>,max_balance=<n>`',
    (text) =>
      parseWalletTierLimits(text) ??
      new Invalid('must be "per_transaction=<n>,daily=<n>,max_balance=<n>" with positive minor units'),
  );

@SettingsGroup({
  title: 'Wallets',
  description:
    'Limits of customer wallets, per KYC tier, in minor units of each currency (fen for CNY); the defaults ' +
    "follow China's Class III, II and I accounts (see docs/wallets.md).",
})
export class WalletSettings {
  @Setting({
    env: 'WALLET_LIMITS_TIER_1',
    default: 'per_transaction=200000,daily=200000,max_balance=200000',
    description:
      'What a tier 1 wallet may send in one transaction, send per calendar day, and hold (pending top-ups count).',
  })
  @TierLimits()
  walletLimitsTier1!: WalletTierLimits;

  @Setting({
    env: 'WALLET_LIMITS_TIER_2',
    default: 'per_transaction=1000000,daily=1000000,max_balance=20000000',
    description: 'The same for a tier 2 wallet.',
  })
  @TierLimits()
  walletLimitsTier2!: WalletTierLimits;

  @Setting({
    env: 'WALLET_LIMITS_TIER_3',
    default: 'per_transaction=5000000,daily=20000000,max_balance=100000000',
    description: 'The same for a tier 3 wallet.',
  })
  @TierLimits()
  walletLimitsTier3!: WalletTierLimits;

  @Setting({
    env: 'WALLET_LIMITS_TIME_ZONE',
    default: 'Asia/Shanghai',
    description: 'The time zone whose calendar day the daily limits count.',
  })
  @TimeZone()
  walletLimitsTimeZone!: string;

  @Setting({
    env: 'WALLET_RECIPIENT_LOOKUPS_PER_DAY',
    default: 30,
    description:
      'Distinct phone numbers a customer may send to (or try) per day: bounds how many numbers one customer can ' +
      'test for being registered.',
  })
  @Integer({ min: 1, max: 10_000 })
  walletRecipientLookupsPerDay!: number;
}
