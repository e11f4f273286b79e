// How many phone numbers a customer may look up per day. Sending by phone
// tells the sender whether the number belongs to a customer (a wallet app
// needs that, to show whom the money goes to), so a customer who tries many
// numbers learns who is registered. Each customer may try at most
// WALLET_RECIPIENT_LOOKUPS_PER_DAY distinct numbers per calendar day (in
// WALLET_LIMITS_TIME_ZONE), known or not, successful or not; numbers already
// tried that day are free. The numbers are kept only as a keyed digest
// (SecretBox.digest: a plain hash of a phone number is reversed by hashing
// every number), and only for two days.
import { Injectable } from '@nestjs/common';
import { PaymentError } from '../common/errors';
import { SecretBox } from '../common/secret-box';
import { AppConfig } from '../config/configuration';
import { DatabaseService } from '../database/database.service';
import { textArray, type Sql } from '../database/sql';
import { WalletLimitsService } from './wallet-limits.service';

export interface RecipientLookup {
  customerId: string;
  /** E.164. */
  phone: string;
}

/** Rows are kept this many days: the day counted and the one before, for any time zone. */
const KEEP_DAYS = 2;

const lookupKey = (customerId: string, phoneHash: string) => `${customerId}\n${phoneHash}`;

@Injectable()
export class RecipientLookups {
  constructor(
    private readonly config: AppConfig,
    private readonly db: DatabaseService,
    private readonly limits: WalletLimitsService,
    private readonly box: SecretBox,
  ) {}

  private phoneDigest(phone: string): string {
    return this.box.digest('wallet_recipient_lookups', phone);
  }

  /**
   * Records today's lookups within each customer's allowance and returns a
   * check of which are allowed: a number already looked up today, or one
   * that still fits. Two statements in one round trip, in the caller's
   * transaction: the customers' lookups are locked first (transaction-scoped
   * advisory locks, in id order), so concurrent transactions of one customer
   * take turns and each counts what the one before committed.
   */
  async allow(sql: Sql, lookups: readonly RecipientLookup[], day: string): Promise<(l: RecipientLookup) => boolean> {
    if (lookups.length === 0) return () => true;
    const customers = [...new Set(lookups.map((l) => l.customerId))].sort();
    const [, rows] = await Promise.all([
      sql.query(
        // unnest yields the (sorted) ids in order, and each lock is taken as its row is read.
        `SELECT pg_advisory_xact_lock(hashtextextended('wallet_recipient_lookups:' || c, 0))::text AS locked
           FROM unnest($1::text[]) AS c`,
        [textArray(customers)],
      ),
      sql.query<{ customer_id: string; phone_hash: string }>(
        `WITH input AS (
         SELECT DISTINCT customer_id, phone_hash FROM jsonb_to_recordset($1::jsonb) AS u(customer_id text, phone_hash text)),
       today AS (
         SELECT customer_id, phone_hash FROM wallet_recipient_lookups
          WHERE customer_id = ANY($2::text[]) AND day = $3::date),
       fresh AS (
         SELECT i.customer_id, i.phone_hash,
                (SELECT count(*) FROM today t WHERE t.customer_id = i.customer_id)
                  + row_number() OVER (PARTITION BY i.customer_id ORDER BY i.phone_hash) AS nth
           FROM input i
          WHERE NOT EXISTS (SELECT 1 FROM today t WHERE t.customer_id = i.customer_id AND t.phone_hash = i.phone_hash)),
       added AS (
         INSERT INTO wallet_recipient_lookups (customer_id, day, phone_hash)
         SELECT customer_id, $3::date, phone_hash FROM fresh WHERE nth <= $4::int
         ON CONFLICT DO NOTHING
         RETURNING customer_id, phone_hash)
       SELECT t.customer_id, t.phone_hash FROM today t JOIN input i USING (customer_id, phone_hash)
       UNION ALL SELECT customer_id, phone_hash FROM added`,
        [
          JSON.stringify(lookups.map((l) => ({ customer_id: l.customerId, phone_hash: this.phoneDigest(l.phone) }))),
          textArray(customers),
          day,
          this.config.walletRecipientLookupsPerDay,
        ],
      ),
    ]);
    const allowed = new Set(rows.map((r) => lookupKey(r.customer_id, r.phone_hash)));
    return (l) => allowed.has(lookupKey(l.customerId, this.phoneDigest(l.phone)));
  }

  limitError(): PaymentError {
    return new PaymentError(
      'recipient_lookup_limit_exceeded',
      `This wallet has sent to ${this.config.walletRecipientLookupsPerDay} new phone numbers today, the most a day; ` +
        'send to a number already used today, or by customer id, or try again tomorrow.',
      'to.phone',
    );
  }

  /** Deletes the lookups of days before yesterday (`today` by default is the limits' today); returns how many. */
  async prune(today = this.limits.today()): Promise<number> {
    const rows = await this.db.sql.query<{ n: number }>(
      `WITH gone AS (DELETE FROM wallet_recipient_lookups WHERE day < $1::date - $2::int RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      [today, KEEP_DAYS - 1],
    );
    return rows[0].n;
  }
}
