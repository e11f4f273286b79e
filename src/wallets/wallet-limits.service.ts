// The limits of a wallet's KYC tier (configuration: WALLET_LIMITS_TIER_n),
// enforced inside the transaction that moves the money:
//
// - per transaction: a plain comparison;
// - daily outgoing: one row per customer, currency and calendar day (in
//   WALLET_LIMITS_TIME_ZONE). Every spend takes the same path, alone or in a
//   batch: `lockUsage` locks the row (creating it at zero) until COMMIT, so
//   concurrent spends of one customer queue on it and none can overshoot,
//   `assertDailyRoom` decides on what it read, and `addUsage` adds what was
//   spent; a transaction that rolls back takes its increment with it. Transfers,
//   withdrawals and payments all count. A withdrawal that the bank then
//   fails still counts: the limit is on what the customer sent out that day,
//   and giving it back would need the day of the original spend, later.
// - maximum balance: checked on the recipient's balance right after the
//   posting that credits it (the posting holds the account's row lock until
//   COMMIT), plus its pending top-ups, which are counted from the moment they
//   are asked for so that the bank's later confirmation can always be
//   credited. Refunds of the customer's own payments are exempt: they return
//   money that was in the wallet.
import { calendarDayIn } from '../common/calendar-day';
import { Injectable } from '@nestjs/common';
import { PaymentError } from '../common/errors';
import { formatAmount } from '../common/money';
import { AppConfig, type KycTier, type WalletTierLimits } from '../config/configuration';
import { textArray, type Sql } from '../database/sql';

export class LimitExceededError extends PaymentError {}

function perTransactionLimitError(limits: WalletTierLimits, currency: string): LimitExceededError {
  return new LimitExceededError(
    'limit_exceeded',
    `The amount is above this wallet's limit of ${formatAmount(limits.perTransaction, currency)} ${currency.toUpperCase()} per transaction.`,
    'amount',
  );
}

function dailyLimitError(limits: WalletTierLimits, currency: string): LimitExceededError {
  return new LimitExceededError(
    'limit_exceeded',
    `This would take the wallet past its daily limit of ${formatAmount(limits.daily, currency)} ${currency.toUpperCase()}.`,
    'amount',
  );
}

/** A customer's wallet in one currency. */
export interface UsageKey {
  customerId: string;
  currency: string;
}

export function usageKey(key: UsageKey): string {
  return `${key.customerId}\n${key.currency}`;
}

@Injectable()
export class WalletLimitsService {
  private readonly dayOf: (at: Date) => string;

  constructor(private readonly config: AppConfig) {
    this.dayOf = calendarDayIn(config.walletLimitsTimeZone);
  }

  limitsOf(tier: number): WalletTierLimits {
    const limits = this.config.walletTierLimits[tier as KycTier];
    if (!limits) throw new Error(`no wallet limits for KYC tier ${tier}`);
    return limits;
  }

  /** The calendar day that daily limits count, as YYYY-MM-DD. */
  today(now = new Date()): string {
    return this.dayOf(now);
  }

  /**
   * For spends decided in one transaction (a withdrawal, a batch of transfers or payments): locks
   * (creating at zero where missing) today's usage row of each customer and
   * currency, in key order, and returns what each has sent today. The caller
   * checks each spend with `assertDailyRoom` and adds the ones it makes with
   * `addUsage` in the same transaction, for the same `day` (`today()`, read
   * once, so that a batch that spans midnight adds to the rows it locked).
   */
  async lockUsage(sql: Sql, keys: readonly UsageKey[], day: string): Promise<Map<string, bigint>> {
    const sorted = [...new Map(keys.map((k) => [usageKey(k), k])).entries()].sort(([a], [b]) => (a < b ? -1 : 1));
    if (sorted.length === 0) return new Map();
    const rows = await sql.query<{ customer_id: string; currency: string; outgoing: bigint }>(
      `INSERT INTO wallet_daily_usage (customer_id, currency, day, outgoing)
       SELECT u.customer_id, u.currency, $2::date, 0
         FROM jsonb_to_recordset($1::jsonb) AS u(customer_id text, currency text, ord int)
        ORDER BY u.ord
       ON CONFLICT (customer_id, currency, day) DO UPDATE SET outgoing = wallet_daily_usage.outgoing
       RETURNING customer_id, currency, outgoing`,
      [JSON.stringify(sorted.map(([, k], ord) => ({ customer_id: k.customerId, currency: k.currency, ord }))), day],
    );
    return new Map(rows.map((r) => [usageKey({ customerId: r.customer_id, currency: r.currency }), r.outgoing]));
  }

  /** Throws `limit_exceeded` (402) as `spend` does, given what was sent today (`lockUsage`). */
  assertDailyRoom(tier: number, currency: string, usedToday: bigint, amount: bigint): void {
    const limits = this.limitsOf(tier);
    if (amount > limits.perTransaction) {
      throw perTransactionLimitError(limits, currency);
    }
    if (usedToday + amount > limits.daily) {
      throw dailyLimitError(limits, currency);
    }
  }

  /** Adds the spends to the usage rows of `day` that `lockUsage` locked (a deferred write). */
  addUsage(sql: Sql, spends: readonly (UsageKey & { amount: bigint })[], day: string): void {
    const totals = new Map<string, UsageKey & { amount: bigint }>();
    for (const spend of spends) {
      const key = usageKey(spend);
      const total = totals.get(key);
      totals.set(key, { ...spend, amount: (total?.amount ?? 0n) + spend.amount });
    }
    if (totals.size === 0) return;
    sql.defer(
      `UPDATE wallet_daily_usage w SET outgoing = w.outgoing + u.amount
         FROM jsonb_to_recordset($1::jsonb) AS u(customer_id text, currency text, amount bigint)
        WHERE w.customer_id = ANY($3::text[]) AND w.day = $2::date
          AND w.customer_id = u.customer_id AND w.currency = u.currency`,
      [
        JSON.stringify(
          [...totals.values()].map((t) => ({
            customer_id: t.customerId,
            currency: t.currency,
            amount: String(t.amount),
          })),
        ),
        day,
        textArray([...totals.values()].map((t) => t.customerId)),
      ],
    );
  }

  /** The top-ups that the bank has not confirmed yet, per customer and currency (by `usageKey`). */
  async pendingTopUpsMany(sql: Sql, keys: readonly UsageKey[]): Promise<Map<string, bigint>> {
    if (keys.length === 0) return new Map();
    const rows = await sql.query<{ customer_id: string; currency: string; pending: bigint }>(
      `SELECT customer_id, currency, sum(amount)::bigint AS pending FROM wallet_top_ups
        WHERE customer_id = ANY($1::text[]) AND status = 'pending'
        GROUP BY customer_id, currency`,
      [textArray(keys.map((k) => k.customerId))],
    );
    return new Map(rows.map((r) => [usageKey({ customerId: r.customer_id, currency: r.currency }), r.pending]));
  }

  /** What went out today per currency. */
  async usedToday(sql: Sql, customerId: string): Promise<Map<string, bigint>> {
    const rows = await sql.query<{ currency: string; outgoing: bigint }>(
      'SELECT currency, outgoing FROM wallet_daily_usage WHERE customer_id = $1::text AND day = $2::date',
      [customerId, this.today()],
    );
    return new Map(rows.map((r) => [r.currency, r.outgoing]));
  }

  /** The customer's top-ups in `currency` that the bank has not confirmed yet. */
  async pendingTopUps(sql: Sql, customerId: string, currency: string): Promise<bigint> {
    const key = { customerId, currency };
    return (await this.pendingTopUpsMany(sql, [key])).get(usageKey(key)) ?? 0n;
  }

  /**
   * Throws `balance_limit_exceeded` (402) if `balanceAfter` plus the
   * customer's pending top-ups (`pendingTopUps`) is above the tier's maximum.
   * Both must be read in the transaction that moves the money, after the
   * wallet account's row lock (a posting's, or FOR UPDATE), which makes the
   * check hold until COMMIT.
   */
  assertWithinMaxBalance(tier: number, currency: string, balanceAfter: bigint, pendingTopUps: bigint): void {
    const limits = this.limitsOf(tier);
    if (balanceAfter + pendingTopUps > limits.maxBalance) {
      throw new LimitExceededError(
        'balance_limit_exceeded',
        `The wallet may hold at most ${formatAmount(limits.maxBalance, currency)} ${currency.toUpperCase()}.`,
        'amount',
      );
    }
  }
}
