// Payment intents: a merchant asks for a payment, a customer's wallet app
// scans its QR code and confirms, the merchant captures or cancels. Every
// money movement is a ledger entry posted in the same transaction as the
// intent's state change and its event; transfer ids are derived from the
// intent's id (`pi_...:charge`, `:fee`, `:authorization`, `:capture`, `:void`),
// so a retried step can never move money twice.
//
// The writes are plain SQL (`db.sql`, see database/sql.ts): confirm and
// create are the API's hottest paths, and Prisma's per-query CPU capped them
// far below the throughput the bench asks for. Reads stay on Prisma.
import { HttpStatus, Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import { DeclinedPaymentError, InvalidRequestError, ResourceMissingError, StateError } from '../common/errors';
import { GroupCommitter } from '../common/group-commit';
import { newId } from '../common/ids';
import { computeFee, toMinorUnits } from '../common/money';
import { paginate } from '../common/pagination';
import { AppConfig } from '../config/configuration';
import { DatabaseService } from '../database/database.service';
import type { Sql } from '../database/sql';
import { EventsService } from '../events/events.service';
import { GroupOutcomes, type GroupOutcome } from '../idempotency/group-outcomes';
import { IdempotencyService, type IdempotentRequest } from '../idempotency/idempotency.service';
import type { Merchant, PaymentIntent } from '../generated/prisma/client';
import type { TransferRequest } from '../ledger/ledger.model';
import { LedgerService } from '../ledger/ledger.service';
import { OutboxService } from '../outbox/outbox.service';
import { QUEUE_NAMES } from '../queues/queue-names';
import { SETTLEMENT_JOBS } from '../settlement/settlement.jobs-names';
import { WALLET_ACCOUNT_CODE, WalletAccountsService } from '../wallets/wallet-accounts.service';
import { LimitExceededError, WalletLimitsService } from '../wallets/wallet-limits.service';
import { PaymentAccountsService } from './payment-accounts.service';
import {
  CancelPaymentIntentDto,
  CapturePaymentIntentDto,
  CreatePaymentIntentDto,
  DEFAULT_EXPIRES_IN_SECONDS,
  ListPaymentIntentsQueryDto,
} from './payment-intents.dto';
import { paymentIntentView, PaymentIntentView } from './payment-intents.view';

export const PAYMENT_JOBS = { expirePaymentIntent: 'expire-payment-intent' } as const;

/** The intent's money moves, by ledger transfer id. */
export const paymentTransferIds = (id: string) => ({
  charge: `${id}:charge`,
  fee: `${id}:fee`,
  authorization: `${id}:authorization`,
  capture: `${id}:capture`,
  void: `${id}:void`,
});

export type ExpiryOutcome = 'canceled' | 'not_due' | 'nothing_to_do';

/** The status of a payment intent's creation response (the route's @HttpCode). */
export const CREATE_INTENT_SUCCESS_STATUS = HttpStatus.OK;

/** Creations in one batch at most. */
const MAX_INTENTS_PER_GROUP = 64;

export interface CreateIntentRequest {
  merchantId: string;
  input: CreatePaymentIntentDto;
  /** The request's idempotency key, if it sent one. */
  idempotency?: IdempotentRequest;
}

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

/** What a change needs of the intent's merchant (and, for confirm, of the paying customer). */
type MerchantTerms = Pick<Merchant, 'feeBps' | 'fixedFees' | 'settlementDelaySeconds'>;
type LockedIntent = PaymentIntent &
  MerchantTerms & {
    /** With a paying customer: their status, and what their wallet in the intent's currency can spend. */
    customerStatus: string | null;
    customerTier: number | null;
    walletAvailable: bigint | null;
  };

@Injectable()
export class PaymentIntentsService {
  private readonly creations: GroupCommitter<CreateIntentRequest, GroupOutcome>;

  constructor(
    private readonly db: DatabaseService,
    private readonly ledger: LedgerService,
    private readonly accounts: PaymentAccountsService,
    private readonly wallets: WalletAccountsService,
    private readonly limits: WalletLimitsService,
    private readonly events: EventsService,
    private readonly outbox: OutboxService,
    private readonly idempotency: IdempotencyService,
    private readonly config: AppConfig,
  ) {
    // Creation is group-committed (see common/group-commit.ts and WalletTransfersService).
    this.creations = new GroupCommitter((requests) => this.createBatch(requests), {
      maxConcurrentBatches: config.groupCommitConcurrentBatches,
      maxBatchSize: MAX_INTENTS_PER_GROUP,
      conflictKeys: (r) => (r.idempotency ? [`${r.idempotency.principal}\n${r.idempotency.key}`] : []),
    });
  }

  /** Creates the intent in the next batch; resolves with the request's answer. */
  create(request: CreateIntentRequest): Promise<GroupOutcome> {
    return this.creations.submit(request);
  }

  /**
   * One transaction for a batch of creations: every idempotency key (locked,
   * then looked up), one insert for every new intent, and with COMMIT their
   * expiry jobs, events and stored responses.
   */
  private async createBatch(requests: readonly CreateIntentRequest[]): Promise<GroupOutcome[]> {
    return this.db.sqlTransaction(async (sql) => {
      const answers = new GroupOutcomes(requests, CREATE_INTENT_SUCCESS_STATUS);
      await answers.checkKeys(sql, this.idempotency);
      const created: { index: number; id: string; expiresAt: Date }[] = [];
      const rows: Record<string, unknown>[] = [];
      requests.forEach(({ merchantId, input }, index) => {
        if (!answers.open(index)) return;
        try {
          const id = newId('paymentIntent');
          const expiresAt = new Date(Date.now() + (input.expires_in ?? DEFAULT_EXPIRES_IN_SECONDS) * 1000);
          rows.push({
            id,
            merchant_id: merchantId,
            amount: toMinorUnits(input.amount).toString(),
            currency: input.currency,
            capture_method: input.capture_method ?? 'automatic',
            description: input.description ?? null,
            metadata: input.metadata ?? {},
            expires_at: expiresAt.toISOString(),
          });
          created.push({ index, id, expiresAt });
        } catch (error) {
          answers.fail(index, error);
        }
      });
      if (rows.length > 0) {
        const intents = await sql.query<PaymentIntent>(
          `INSERT INTO payment_intents (id, merchant_id, amount, currency, capture_method, description, metadata, expires_at)
           SELECT u.id, u.merchant_id, u.amount, u.currency, u.capture_method::capture_method, u.description,
                  u.metadata, u.expires_at
             FROM jsonb_to_recordset($1::jsonb) AS u(id text, merchant_id text, amount bigint, currency text,
                  capture_method text, description text, metadata jsonb, expires_at timestamptz)
           RETURNING ${INTENT_COLUMNS}`,
          [JSON.stringify(rows)],
        );
        const byId = new Map(intents.map((intent) => [intent.id, intent]));
        for (const { index, id, expiresAt } of created) {
          this.scheduleExpiry(sql, id, expiresAt);
          answers.succeed(index, this.recorded(sql, byId.get(id)!, 'payment_intent.created'));
        }
      }
      return answers.finish(sql, this.idempotency);
    });
  }

  /** A merchant reads its own intents; a customer reads an open intent (to pay it) or one it paid. */
  async retrieve(principal: Principal, id: string): Promise<PaymentIntentView> {
    const intent = await this.db.client.paymentIntent.findUnique({ where: { id } });
    if (!intent || !visibleTo(principal, intent)) throw new ResourceMissingError('payment_intent', id, 'id');
    return paymentIntentView(intent);
  }

  async list(merchantId: string, query: ListPaymentIntentsQueryDto) {
    return paginate(
      query,
      '/v1/payment_intents',
      (w) =>
        this.db.client.paymentIntent.findMany({
          where: { merchantId, id: w.idFilter, ...(query.status ? { status: query.status } : {}) },
          orderBy: { id: w.orderBy },
          take: w.take,
        }),
      paymentIntentView,
    );
  }

  /** The merchant's own intent, for the QR image. */
  async qrCodeOf(merchantId: string, id: string): Promise<string> {
    const intent = await this.db.client.paymentIntent.findUnique({ where: { id } });
    if (!intent || intent.merchantId !== merchantId) throw new ResourceMissingError('payment_intent', id, 'id');
    return paymentIntentView(intent).qr_code;
  }

  /**
   * The customer pays: automatic capture moves the money from the wallet to
   * the merchant at once (less the fee, posted as its own transfer); manual
   * capture holds it. A declined payment records `last_payment_error` and
   * answers 402, the intent staying payable.
   *
   * The ledger posting is the transaction's last statement: the merchant's
   * pending account and fee revenue are hot rows that every payment locks,
   * so they are held from the posting to COMMIT only.
   */
  async confirm(customerId: string, id: string): Promise<PaymentIntentView> {
    const outcome = await this.db.sqlTransaction(async (sql) => {
      const intent = await this.lock(sql, id, customerId);
      if (!intent || !visibleTo({ type: 'customer', id: customerId, tokenId: '' }, intent)) {
        throw new ResourceMissingError('payment_intent', id, 'id');
      }
      this.expectStatus(intent, ['requires_payment_method'], 'confirm');
      if (intent.expiresAt.getTime() <= Date.now()) {
        throw new StateError('payment_intent_expired', 'This payment intent has expired.');
      }
      if (intent.customerStatus !== 'active') {
        const decline = new DeclinedPaymentError('wallet_frozen', 'The wallet is frozen and cannot pay.');
        return { decline: await this.recordDecline(sql, intent, decline) };
      }
      // Decided on this read; the ledger enforces it again when the posting
      // runs at COMMIT, and a race lost there re-runs the request (see
      // LedgerService.postAtCommit), which then declines here.
      if ((intent.walletAvailable ?? 0n) < intent.amount) {
        const decline = new DeclinedPaymentError(
          'insufficient_funds',
          'The wallet balance is too low for this payment.',
        );
        return { decline: await this.recordDecline(sql, intent, decline) };
      }
      try {
        await this.limits.spend(sql, customerId, intent.customerTier!, intent.currency, intent.amount);
      } catch (error) {
        if (!(error instanceof LimitExceededError)) throw error;
        return { decline: await this.recordDecline(sql, intent, new DeclinedPaymentError(error.code, error.message)) };
      }
      const [wallet, merchantPending] = await Promise.all([
        this.wallets.walletAccount(customerId, intent.currency),
        this.accounts.merchantPending(intent.merchantId, intent.currency),
      ]);
      const ids = paymentTransferIds(id);
      const automatic = intent.captureMethod === 'automatic';
      const transfers: TransferRequest[] = [
        {
          id: automatic ? ids.charge : ids.authorization,
          kind: automatic ? 'posted' : 'pending',
          debitAccountId: wallet,
          creditAccountId: merchantPending,
          amount: intent.amount,
          currency: intent.currency,
          reference: id,
        },
      ];
      let view: PaymentIntentView;
      if (automatic) {
        const fee = feeOf(intent, intent.currency, intent.amount);
        if (fee > 0n)
          transfers.push(
            this.feeTransfer(intent, fee, ids.fee, merchantPending, await this.accounts.feeRevenue(intent.currency)),
          );
        const paid = await this.update(
          sql,
          id,
          `status = 'succeeded', customer_id = $2::text, amount_received = amount, fee = $3::bigint,
           succeeded_at = now(), last_payment_error = NULL`,
          [customerId, fee],
        );
        this.scheduleSettlement(sql, paid, intent.settlementDelaySeconds);
        view = this.recorded(sql, paid, 'payment_intent.succeeded');
      } else {
        const authorizationExpiresAt = new Date(Date.now() + this.config.paymentAuthorizationWindowSeconds * 1000);
        const held = await this.update(
          sql,
          id,
          `status = 'requires_capture', customer_id = $2::text, amount_capturable = amount,
           authorization_expires_at = $3::timestamptz, last_payment_error = NULL`,
          [customerId, authorizationExpiresAt],
        );
        this.scheduleExpiry(sql, id, authorizationExpiresAt);
        view = this.recorded(sql, held, 'payment_intent.requires_capture');
      }
      // The merchant's pending account and the fee revenue are hot rows that
      // every payment locks: posted with COMMIT, they are held for no round trip.
      this.ledger.postAtCommit([transfers]);
      return { view };
    });
    if ('decline' in outcome) throw outcome.decline;
    return outcome.view;
  }

  /** Captures a held payment once, all or part of it; the rest goes back to the customer. */
  async capture(merchantId: string, id: string, input: CapturePaymentIntentDto): Promise<PaymentIntentView> {
    return this.db.sqlTransaction(async (sql) => {
      const intent = await this.lockOwn(sql, merchantId, id);
      this.expectStatus(intent, ['requires_capture'], 'capture');
      if (intent.authorizationExpiresAt && intent.authorizationExpiresAt.getTime() <= Date.now()) {
        throw new StateError('authorization_expired', 'The authorization has expired; the hold is being released.');
      }
      const amount =
        input.amount_to_capture === undefined ? intent.amountCapturable : toMinorUnits(input.amount_to_capture);
      if (amount > intent.amountCapturable) {
        throw new InvalidRequestError(
          'amount_too_large',
          `amount_to_capture must be at most the amount capturable (${intent.amountCapturable}).`,
          'amount_to_capture',
        );
      }
      const ids = paymentTransferIds(id);
      const fee = feeOf(intent, intent.currency, amount);
      const transfers: TransferRequest[] = [
        { id: ids.capture, kind: 'post_pending', pendingId: ids.authorization, amount },
      ];
      if (fee > 0n) {
        const [merchantPending, revenue] = await Promise.all([
          this.accounts.merchantPending(intent.merchantId, intent.currency),
          this.accounts.feeRevenue(intent.currency),
        ]);
        transfers.push(this.feeTransfer(intent, fee, ids.fee, merchantPending, revenue));
      }
      const captured = await this.update(
        sql,
        id,
        `status = 'succeeded', amount_received = $2::bigint, amount_capturable = 0, fee = $3::bigint,
         succeeded_at = now()`,
        [amount, fee],
      );
      this.scheduleSettlement(sql, captured, intent.settlementDelaySeconds);
      const view = this.recorded(sql, captured, 'payment_intent.succeeded');
      await this.ledger.postEntry(transfers);
      return view;
    });
  }

  /** Cancels an unpaid or held intent; a hold is released. */
  async cancel(merchantId: string, id: string, input: CancelPaymentIntentDto): Promise<PaymentIntentView> {
    return this.db.sqlTransaction(async (sql) => {
      const intent = await this.lockOwn(sql, merchantId, id);
      this.expectStatus(intent, ['requires_payment_method', 'requires_capture'], 'cancel');
      return this.cancelLocked(sql, intent, input.cancellation_reason ?? 'requested_by_customer');
    });
  }

  /**
   * Cancels an intent whose time is up: unconfirmed past `expires_at`, or held
   * past `authorization_expires_at` (its hold is voided). Run by the delayed
   * job and by the sweeper; the database decides, so a second run does nothing.
   */
  async expire(id: string): Promise<ExpiryOutcome> {
    return this.db.sqlTransaction(async (sql) => {
      const intent = await this.lock(sql, id);
      if (!intent) return 'nothing_to_do';
      const now = Date.now();
      if (intent.status === 'requires_payment_method') {
        if (intent.expiresAt.getTime() > now) return 'not_due';
        await this.cancelLocked(sql, intent, 'expired');
        return 'canceled';
      }
      if (intent.status === 'requires_capture') {
        if (!intent.authorizationExpiresAt || intent.authorizationExpiresAt.getTime() > now) return 'not_due';
        await this.cancelLocked(sql, intent, 'authorization_expired');
        return 'canceled';
      }
      return 'nothing_to_do';
    });
  }

  /** The sweeper: every intent whose time is up, a page at a time. */
  async expireDue(limit = 200): Promise<number> {
    const due = await this.db.prisma.paymentIntent.findMany({
      where: {
        OR: [
          { status: 'requires_payment_method', expiresAt: { lte: new Date() } },
          { status: 'requires_capture', authorizationExpiresAt: { lte: new Date() } },
        ],
      },
      select: { id: true },
      take: limit,
    });
    let canceled = 0;
    for (const { id } of due) if ((await this.expire(id)) === 'canceled') canceled++;
    return canceled;
  }

  private async cancelLocked(sql: Sql, intent: PaymentIntent, reason: string): Promise<PaymentIntentView> {
    const canceled = await this.update(
      sql,
      intent.id,
      "status = 'canceled', amount_capturable = 0, cancellation_reason = $2::text, canceled_at = now()",
      [reason],
    );
    const view = this.recorded(sql, canceled, 'payment_intent.canceled');
    if (intent.status === 'requires_capture') {
      const ids = paymentTransferIds(intent.id);
      await this.ledger.postEntry([{ id: ids.void, kind: 'void_pending', pendingId: ids.authorization }]);
    }
    return view;
  }

  private async recordDecline(
    sql: Sql,
    intent: PaymentIntent,
    decline: DeclinedPaymentError,
  ): Promise<DeclinedPaymentError> {
    const failed = await this.update(sql, intent.id, 'last_payment_error = $2::jsonb', [
      JSON.stringify({ type: decline.type, code: decline.code, message: decline.message }),
    ]);
    this.recorded(sql, failed, 'payment_intent.payment_failed');
    return decline;
  }

  /** Applies `assignments` ($1 is the id) and bumps the version; returns the row. */
  private async update(sql: Sql, id: string, assignments: string, values: unknown[]): Promise<PaymentIntent> {
    const [row] = await sql.query<PaymentIntent>(
      `UPDATE payment_intents SET ${assignments}, version = version + 1, updated_at = now()
        WHERE id = $1::text RETURNING ${INTENT_COLUMNS}`,
      [id, ...values],
    );
    return row;
  }

  private feeTransfer(intent: PaymentIntent, fee: bigint, id: string, from: string, to: string): TransferRequest {
    return {
      id,
      debitAccountId: from,
      creditAccountId: to,
      amount: fee,
      currency: intent.currency,
      reference: intent.id,
    };
  }

  private scheduleExpiry(sql: Sql, paymentIntentId: string, runAt: Date): void {
    this.outbox.enqueue(sql, {
      queue: QUEUE_NAMES.payments,
      name: PAYMENT_JOBS.expirePaymentIntent,
      payload: { paymentIntentId },
      runAt,
    });
  }

  /** Settlement runs after the merchant's delay (the settlement worker's sweeper catches any job lost). */
  private scheduleSettlement(sql: Sql, intent: PaymentIntent, delaySeconds: number): void {
    this.outbox.enqueue(sql, {
      queue: QUEUE_NAMES.settlement,
      name: SETTLEMENT_JOBS.settleMerchant,
      payload: { merchantId: intent.merchantId, currency: intent.currency },
      runAt: new Date(Date.now() + delaySeconds * 1000),
    });
  }

  private recorded(sql: Sql, intent: PaymentIntent, type: string): PaymentIntentView {
    const view = paymentIntentView(intent);
    this.events.record(sql, { type, owner: `merchant:${intent.merchantId}`, object: view });
    return view;
  }

  /**
   * Locks the intent and reads it with its merchant's terms in one round
   * trip; with `customerId`, also that customer's status and wallet balance.
   */
  private async lock(sql: Sql, id: string, customerId?: string): Promise<LockedIntent | null> {
    const [row] = await sql.query<LockedIntent>(
      `SELECT ${intentColumns('pi')},
              m.fee_bps AS "feeBps", m.fixed_fees AS "fixedFees", m.settlement_delay_seconds AS "settlementDelaySeconds",
              c.status AS "customerStatus", c.kyc_tier AS "customerTier",
              (SELECT a.credits_posted - a.debits_posted - a.debits_pending FROM ledger_accounts a
                WHERE a.owner_ref = 'customer:' || $2::text AND a.code = $3::int AND a.currency = pi.currency
                  AND a.status = 'open') AS "walletAvailable"
         FROM payment_intents pi JOIN merchants m ON m.id = pi.merchant_id
              -- The payer, shared-locked: a freeze waits for this payment, and a payment after it sees it.
              LEFT JOIN LATERAL (SELECT status::text AS status, kyc_tier FROM customers
                                  WHERE id = $2::text FOR SHARE) c ON true
        WHERE pi.id = $1::text
          FOR UPDATE OF pi`,
      [id, customerId ?? null, WALLET_ACCOUNT_CODE],
    );
    return row ?? null;
  }

  private async lockOwn(sql: Sql, merchantId: string, id: string): Promise<LockedIntent> {
    const intent = await this.lock(sql, id);
    if (!intent || intent.merchantId !== merchantId) throw new ResourceMissingError('payment_intent', id, 'id');
    return intent;
  }

  private expectStatus(intent: PaymentIntent, allowed: string[], action: string): void {
    if (!allowed.includes(intent.status)) {
      throw new StateError(
        'payment_intent_unexpected_state',
        `You cannot ${action} this payment intent because it has a status of ${intent.status}.`,
      );
    }
  }
}

/** The merchant's fee on `amount`: basis points and the fixed fee of the currency, decimal.js, half up. */
function feeOf(merchant: Pick<Merchant, 'feeBps' | 'fixedFees'>, currency: string, amount: bigint): bigint {
  const fixed = (merchant.fixedFees as Record<string, number>)[currency] ?? 0;
  return computeFee(amount, merchant.feeBps, BigInt(fixed));
}

function visibleTo(principal: Principal, intent: PaymentIntent): boolean {
  if (principal.type === 'operator') return true;
  if (principal.type === 'merchant') return intent.merchantId === principal.id;
  return (
    intent.customerId === principal.id || (intent.status === 'requires_payment_method' && intent.customerId === null)
  );
}
