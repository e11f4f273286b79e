// The limits of a wallet's KYC tier (configuration: WALLET_LIMITS_TIER_n),
// enforced inside the transaction that moves the money:
//
// - per transaction: a plain comparison;
// - daily outgoing: one row per customer, currency and calendar day (in
//   WALLET_LIMITS_TIME_ZONE) whose `outgoing` is raised by an upsert that
//   refuses to pass the limit. The upsert locks the row until COMMIT, so
//   concurrent spends of one customer queue on it and none can overshoot; a
//   transaction that rolls back takes its increment with it. Transfers,
//   withdrawals and payments all count. A withdrawal that the bank then
//   fails still counts: the limit is on what the customer sent out that day,
//   and giving it back would need the day of the original spend, later.
// - maximum balance: checked on the recipient's balance right after the
//   posting that credits it (the posting holds the account's row lock until
//   COMMIT), plus its pending top-ups, which are counted from the moment they
//   are asked for so that the bank's later confirmation can always be
//   credited. Refunds of the customer's own payments are exempt: they return
//   money that was in the wallet.
import { Injectable } from '@nestjs/common';
import { PaymentError } from '../common/errors';
import { formatAmount } from '../common/money';
import { AppConfig, type KycTier, type WalletTierLimits } from '../config/configuration';
import type { Sql } from '../database/sql';

export class LimitExceededError extends PaymentError {}

@Injectable()
export class WalletLimitsService {
  private readonly dayFormat: Intl.DateTimeFormat;

  constructor(private readonly config: AppConfig) {
    // en-CA formats dates as YYYY-MM-DD.
    this.dayFormat = new Intl.DateTimeFormat('en-CA', {
      timeZone: config.walletLimitsTimeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
  }

  limitsOf(tier: number): WalletTierLimits {
    const limits = this.config.walletTierLimits[tier as KycTier];
    if (!limits) throw new Error(`no wallet limits for KYC tier ${tier}`);
    return limits;
  }

  /** The calendar day that daily limits count, as YYYY-MM-DD. */
  today(now = new Date()): string {
    return this.dayFormat.format(now);
  }

  /**
   * Counts `amount` as sent out today, or throws `limit_exceeded` (402) if it
   * is above the tier's per-transaction limit or would take today's total
   * past the daily limit. Must run in the transaction that moves the money.
   */
  async spend(sql: Sql, customerId: string, tier: number, currency: string, amount: bigint): Promise<void> {
    const limits = this.limitsOf(tier);
    if (amount > limits.perTransaction) {
      throw new LimitExceededError(
        'limit_exceeded',
        `The amount is above this wallet's limit of ${formatAmount(limits.perTransaction, currency)} ${currency.toUpperCase()} per transaction.`,
        'amount',
      );
    }
    const rows =
      amount > limits.daily
        ? []
        : await sql.query(
            `INSERT INTO wallet_daily_usage (customer_id, currency, day, outgoing)
             VALUES ($1::text, $2::text, $3::date, $4::bigint)
             ON CONFLICT (customer_id, currency, day) DO UPDATE
               SET outgoing = wallet_daily_usage.outgoing + EXCLUDED.outgoing
               WHERE wallet_daily_usage.outgoing + EXCLUDED.outgoing <= $5::bigint
             RETURNING outgoing`,
            [customerId, currency, this.today(), amount, limits.daily],
          );
    if (rows.length === 0) {
      throw new LimitExceededError(
        'limit_exceeded',
        `This would take the wallet past its daily limit of ${formatAmount(limits.daily, currency)} ${currency.toUpperCase()}.`,
        'amount',
      );
    }
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
    const [{ pending }] = await sql.query<{ pending: bigint }>(
      `SELECT coalesce(sum(amount), 0)::bigint AS pending FROM wallet_top_ups
        WHERE customer_id = $1::text AND currency = $2::text AND status = 'pending'`,
      [customerId, currency],
    );
    return pending;
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
