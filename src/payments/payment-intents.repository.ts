// The SQL of payment intents on the money paths (plain SQL through `db.sql`:
// create and confirm are the API's hottest paths, and Prisma's per-query CPU
// capped them far below the throughput they reach this way). Reads for the
// API's GETs stay on Prisma, in PaymentIntentsService.
import { Injectable } from '@nestjs/common';
import { textArray, type Sql } from '../database/sql';
import type { Merchant, PaymentIntent } from '../generated/prisma/client';

/** payment_intents' columns by the field names of Prisma's PaymentIntent, which the view takes. */
const INTENT_FIELDS: Record<keyof PaymentIntent, string> = {
  id: 'id',
  merchantId: 'merchant_id',
  amount: 'amount',
  currency: 'currency',
  status: 'status',
  captureMethod: 'capture_method',
  amountCapturable: 'amount_capturable',
  amountReceived: 'amount_received',
  amountRefunded: 'amount_refunded',
  fee: 'fee',
  description: 'description',
  metadata: 'metadata',
  customerId: 'customer_id',
  lastPaymentError: 'last_payment_error',
  cancellationReason: 'cancellation_reason',
  expiresAt: 'expires_at',
  authorizationExpiresAt: 'authorization_expires_at',
  succeededAt: 'succeeded_at',
  canceledAt: 'canceled_at',
  feeRefunded: 'fee_refunded',
  settlementId: 'settlement_id',
  settledAt: 'settled_at',
  settledAmount: 'settled_amount',
  version: 'version',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};
const intentColumns = (table?: string) =>
  Object.entries(INTENT_FIELDS)
    .map(([field, column]) => `${table ? `${table}.` : ''}${column} AS "${field}"`)
    .join(', ');
const INTENT_COLUMNS = intentColumns();

/** What a change needs of the intent's merchant (and the name its payer sees). */
export type MerchantTerms = Pick<Merchant, 'feeBps' | 'fixedFees' | 'settlementDelaySeconds'> & {
  merchantName: string;
};

/** An intent locked FOR UPDATE, with its merchant's terms. */
export type LockedIntent = PaymentIntent &
  MerchantTerms & {
    /** now() of the transaction that locked it. */
    transactionNow: Date;
  };

/** A new intent's row, as created. */
export interface NewIntentRow {
  id: string;
  merchant_id: string;
  amount: string;
  currency: string;
  capture_method: string;
  description: string | null;
  metadata: Record<string, string>;
  expires_at: string;
}

@Injectable()
export class PaymentIntentsRepository {
  /** Inserts the intents in one statement; returns their rows. */
  insertMany(sql: Sql, rows: readonly NewIntentRow[]): Promise<PaymentIntent[]> {
    return sql.query<PaymentIntent>(
      `INSERT INTO payment_intents (id, merchant_id, amount, currency, capture_method, description, metadata, expires_at)
       SELECT u.id, u.merchant_id, u.amount, u.currency, u.capture_method::capture_method, u.description,
              u.metadata, u.expires_at
         FROM jsonb_to_recordset($1::jsonb) AS u(id text, merchant_id text, amount bigint, currency text,
              capture_method text, description text, metadata jsonb, expires_at timestamptz)
       RETURNING ${INTENT_COLUMNS}`,
      [JSON.stringify(rows)],
    );
  }

  /** Locks the intent and reads it with its merchant's terms in one round trip. */
  async lock(sql: Sql, id: string): Promise<LockedIntent | null> {
    const [row] = await this.lockMany(sql, [id]);
    return row ?? null;
  }

  /**
   * Locks the intents (in id order, so that batches never deadlock on each
   * other) and reads them with their merchants' terms and the transaction's time.
   */
  lockMany(sql: Sql, ids: readonly string[]): Promise<LockedIntent[]> {
    return sql.query<LockedIntent>(
      `SELECT ${intentColumns('pi')},
              m.fee_bps AS "feeBps", m.fixed_fees AS "fixedFees", m.settlement_delay_seconds AS "settlementDelaySeconds",
              m.name AS "merchantName", now() AS "transactionNow"
         FROM payment_intents pi JOIN merchants m ON m.id = pi.merchant_id
        WHERE pi.id = ANY($1::text[])
        ORDER BY pi.id
          FOR UPDATE OF pi`,
      [textArray(ids)],
    );
  }

  /** Applies `assignments` ($1 is the id) and bumps the version; returns the row. */
  async update(sql: Sql, id: string, assignments: string, values: unknown[]): Promise<PaymentIntent> {
    const [row] = await sql.query<PaymentIntent>(
      `UPDATE payment_intents SET ${assignments}, version = version + 1, updated_at = now()
        WHERE id = $1::text RETURNING ${INTENT_COLUMNS}`,
      [id, ...values],
    );
    return row;
  }

  /** Writes the intents' new rows, as a batch decided them, in one statement (a deferred write). */
  writeMany(sql: Sql, rows: readonly PaymentIntent[]): void {
    if (rows.length === 0) return;
    sql.defer(
      `UPDATE payment_intents p
          SET status = u.status::payment_intent_status, customer_id = u.customer_id,
              amount_capturable = u.amount_capturable, amount_received = u.amount_received, fee = u.fee,
              last_payment_error = u.last_payment_error, authorization_expires_at = u.authorization_expires_at,
              succeeded_at = u.succeeded_at, version = u.version, updated_at = u.updated_at
         FROM jsonb_to_recordset($1::jsonb) AS u(id text, status text, customer_id text, amount_capturable bigint,
              amount_received bigint, fee bigint, last_payment_error jsonb, authorization_expires_at timestamptz,
              succeeded_at timestamptz, version int, updated_at timestamptz)
        -- The ANY lets the planner find the rows by primary key (it cannot count a function's rows).
        WHERE p.id = ANY($2::text[]) AND p.id = u.id`,
      [
        JSON.stringify(
          rows.map((r) => ({
            id: r.id,
            status: r.status,
            customer_id: r.customerId,
            amount_capturable: String(r.amountCapturable),
            amount_received: String(r.amountReceived),
            fee: String(r.fee),
            last_payment_error: r.lastPaymentError,
            authorization_expires_at: r.authorizationExpiresAt,
            succeeded_at: r.succeededAt,
            version: r.version,
            updated_at: r.updatedAt,
          })),
        ),
        textArray(rows.map((r) => r.id)),
      ],
    );
  }
}
