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
import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import { DeclinedPaymentError, InvalidRequestError, ResourceMissingError, StateError } from '../common/errors';
import { GroupCommitter } from '../common/group-commit';
import { newId } from '../common/ids';
import { computeFee, toMinorUnits } from '../common/money';
import { paginate } from '../common/pagination';
import { AppConfig } from '../config/configuration';
import { DatabaseService, mayBeCausedByOneInput } from '../database/database.service';
import { textArray, type Sql } from '../database/sql';
import { EventsService } from '../events/events.service';
import { GroupOutcomes, type GroupOutcome } from '../idempotency/group-outcomes';
import { IdempotencyService, type IdempotentRequest } from '../idempotency/idempotency.service';
import type { Merchant, PaymentIntent } from '../generated/prisma/client';
import { debitFits, type Balances, type TransferRequest } from '../ledger/ledger.model';
import { LedgerService } from '../ledger/ledger.service';
import { OutboxService, type OutboxMessageInput } from '../outbox/outbox.service';
import { QUEUE_NAMES } from '../queues/queue-names';
import { SETTLEMENT_JOBS } from '../queues/job-names';
import { WALLET_ACCOUNT_CODE } from '../wallets/wallet-accounts.service';
import { lockCustomers, type WalletCustomer } from '../wallets/wallet-customers';
import { LimitExceededError, usageKey, WalletLimitsService } from '../wallets/wallet-limits.service';
import { PaymentAccountsService } from './payment-accounts.service';
import {
  CancelPaymentIntentDto,
  CapturePaymentIntentDto,
  CreatePaymentIntentDto,
  DEFAULT_EXPIRES_IN_SECONDS,
  ListPaymentIntentsQueryDto,
} from './payment-intents.dto';
import {
  payerPaymentIntentView,
  paymentIntentView,
  type PayerPaymentIntentView,
  type PaymentIntentView,
} from './payment-intents.view';

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

/** What a change needs of the intent's merchant (and the name its payer sees). */
type MerchantTerms = Pick<Merchant, 'feeBps' | 'fixedFees' | 'settlementDelaySeconds'> & { merchantName: string };
type LockedIntent = PaymentIntent &
  MerchantTerms & {
    /** now() of the transaction that locked it. */
    transactionNow: Date;
  };

/** The status of a confirmation's success response (the route's @HttpCode). */
export const CONFIRM_INTENT_SUCCESS_STATUS = HttpStatus.OK;

/** Confirmations in one batch at most. */
const MAX_CONFIRMATIONS_PER_GROUP = 64;

export interface ConfirmIntentRequest {
  /** The paying customer. */
  customerId: string;
  paymentIntentId: string;
  /** The request's idempotency key, if it sent one. */
  idempotency?: IdempotentRequest;
}

/** A confirmation that passed the checks that need no balance, waiting for its decision. */
interface ConfirmCandidate {
  index: number;
  intent: LockedIntent;
  payer: WalletCustomer;
  walletAccountId: string;
}

/** A confirmation's effect on its intent: the row as it will be written. */
interface IntentChange {
  kind: 'declined' | 'held' | 'succeeded';
  intent: LockedIntent;
}

const CHANGE_EVENTS: Record<IntentChange['kind'], string> = {
  declined: 'payment_intent.payment_failed',
  held: 'payment_intent.requires_capture',
  succeeded: 'payment_intent.succeeded',
};

@Injectable()
export class PaymentIntentsService {
  private readonly logger = new Logger(PaymentIntentsService.name);
  private readonly creations: GroupCommitter<CreateIntentRequest, GroupOutcome>;
  private readonly confirmations: GroupCommitter<ConfirmIntentRequest, GroupOutcome>;

  constructor(
    private readonly db: DatabaseService,
    private readonly ledger: LedgerService,
    private readonly accounts: PaymentAccountsService,
    private readonly limits: WalletLimitsService,
    private readonly events: EventsService,
    private readonly outbox: OutboxService,
    private readonly idempotency: IdempotencyService,
    private readonly config: AppConfig,
  ) {
    // Creation is group-committed (see common/group-commit.ts and WalletTransfersService).
    this.creations = new GroupCommitter((requests) => this.createBatch(requests), {
      splitOnFailure: mayBeCausedByOneInput,
      maxConcurrentBatches: config.groupCommitConcurrentBatches,
      maxBatchSize: MAX_INTENTS_PER_GROUP,
      conflictKeys: (r) => (r.idempotency ? [`${r.idempotency.principal}\n${r.idempotency.key}`] : []),
    });
    // Two confirmations of one intent go in different batches: the second then finds it paid.
    this.confirmations = new GroupCommitter((requests) => this.confirmBatch(requests), {
      splitOnFailure: mayBeCausedByOneInput,
      maxConcurrentBatches: config.groupCommitConcurrentBatches,
      maxBatchSize: MAX_CONFIRMATIONS_PER_GROUP,
      conflictKeys: (r) => [
        r.paymentIntentId,
        ...(r.idempotency ? [`${r.idempotency.principal}\n${r.idempotency.key}`] : []),
      ],
      onBatchFailure: (error, size) =>
        this.logger.warn(`a batch of ${size} confirmations failed as a whole and is split in halves: ${String(error)}`),
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
        const views = created.map(({ index, id }) => {
          const view = paymentIntentView(byId.get(id)!);
          answers.succeed(index, view);
          return view;
        });
        this.events.recordMany(
          sql,
          views.map((view) => ({ type: 'payment_intent.created', owner: `merchant:${view.merchant}`, object: view })),
        );
        this.outbox.enqueueMany(
          sql,
          created.map(({ id, expiresAt }) => this.expiryJob(id, expiresAt)),
        );
      }
      return answers.finish(sql, this.idempotency);
    });
  }

  /**
   * A merchant reads its own intents; a customer reads an open intent (to pay
   * it) or one it paid, in the payer's view.
   */
  async retrieve(principal: Principal, id: string): Promise<PaymentIntentView | PayerPaymentIntentView> {
    if (principal.type !== 'customer') {
      const intent = await this.db.client.paymentIntent.findUnique({ where: { id } });
      if (!intent || !visibleTo(principal, intent)) throw new ResourceMissingError('payment_intent', id, 'id');
      return paymentIntentView(intent);
    }
    // Only the payer's view names the merchant.
    const intent = await this.db.client.paymentIntent.findUnique({
      where: { id },
      include: { merchant: { select: { name: true } } },
    });
    if (!intent || !visibleTo(principal, intent)) throw new ResourceMissingError('payment_intent', id, 'id');
    return payerPaymentIntentView(intent, intent.merchant.name);
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
   * The customer pays, in the next batch of confirmations: automatic capture
   * moves the money from the wallet to the merchant at once (less the fee,
   * posted as its own transfer); manual capture holds it. A declined payment
   * records `last_payment_error` and answers 402, the intent staying payable.
   */
  confirm(request: ConfirmIntentRequest): Promise<GroupOutcome> {
    return this.confirmations.submit(request);
  }

  /**
   * One transaction for a batch of confirmations, three round trips whatever
   * their number (as WalletTransfersService, whose comment says why):
   *
   *   1. every idempotency key, locked then looked up; the intents, locked
   *      FOR UPDATE with their merchants' terms; the payers, shared-locked (a
   *      freeze waits for the batch), and their wallet accounts;
   *   2. today's usage row and the wallet account of each payer, locked;
   *   3. with COMMIT: the intents' new rows, the usage increments, the
   *      postings (LedgerService.postAtCommit: the merchant's pending account
   *      and fee revenue are hot rows that every payment locks, so they are
   *      held from the posting to COMMIT only), the events, the settlement and
   *      expiry jobs and the stored responses.
   *
   * Between 2 and 3 each confirmation is decided in arrival order on the
   * balances and usage that the earlier ones left, as the ledger and the
   * limits would decide it alone; a decline changes only its own intent. The
   * ledger enforces its rules again at COMMIT (a refusal there re-runs the
   * batch, and a batch that fails as a whole is split in halves down to single requests).
   */
  private async confirmBatch(requests: readonly ConfirmIntentRequest[]): Promise<GroupOutcome[]> {
    return this.db.sqlTransaction(async (sql) => {
      const answers = new GroupOutcomes(requests, CONFIRM_INTENT_SUCCESS_STATUS);
      const payerIds = [...new Set(requests.map((r) => r.customerId))];

      // Round trip 1.
      const [, intents, payers, walletAccounts] = await Promise.all([
        answers.checkKeys(sql, this.idempotency),
        this.lockMany(
          sql,
          requests.map((r) => r.paymentIntentId),
        ),
        lockCustomers(sql, payerIds),
        sql.query<{ id: string; owner_ref: string; currency: string }>(
          `SELECT id, owner_ref, currency FROM ledger_accounts
            WHERE owner_ref = ANY($1::text[]) AND code = $2::int AND status = 'open'`,
          [textArray(payerIds.map((id) => `customer:${id}`)), WALLET_ACCOUNT_CODE],
        ),
      ]);
      const intentById = new Map(intents.map((intent) => [intent.id, intent]));
      const payerById = new Map(payers.map((payer) => [payer.id, payer]));
      const walletOf = new Map(walletAccounts.map((a) => [`${a.owner_ref}\n${a.currency}`, a.id]));
      // The transaction's own time (now()), for the rows written at its end.
      const now = intents[0]?.transactionNow;

      const changes: IntentChange[] = [];
      const decline = (index: number, intent: LockedIntent, error: DeclinedPaymentError) => {
        answers.fail(index, error);
        const lastPaymentError = { type: error.type, code: error.code, message: error.message };
        changes.push({ kind: 'declined', intent: changed(intent, now!, { lastPaymentError }) });
      };
      const candidates: ConfirmCandidate[] = [];
      requests.forEach(({ customerId, paymentIntentId }, index) => {
        if (!answers.open(index)) return;
        try {
          const intent = intentById.get(paymentIntentId);
          if (!intent || !visibleTo({ type: 'customer', id: customerId, tokenId: '' }, intent)) {
            throw new ResourceMissingError('payment_intent', paymentIntentId, 'id');
          }
          this.expectStatus(intent, ['requires_payment_method'], 'confirm');
          if (intent.expiresAt.getTime() <= Date.now()) {
            throw new StateError('payment_intent_expired', 'This payment intent has expired.');
          }
          const payer = payerById.get(customerId);
          if (payer?.status !== 'active') {
            decline(index, intent, new DeclinedPaymentError('wallet_frozen', 'The wallet is frozen and cannot pay.'));
            return;
          }
          const walletAccountId = walletOf.get(`customer:${customerId}\n${intent.currency}`);
          if (!walletAccountId) {
            decline(index, intent, insufficientFunds());
            return;
          }
          candidates.push({ index, intent, payer, walletAccountId });
        } catch (error) {
          answers.fail(index, error);
        }
      });

      // Round trip 2.
      const day = this.limits.today();
      const [usage, balances] = await Promise.all([
        this.limits.lockUsage(
          sql,
          candidates.map((c) => ({ customerId: c.payer.id, currency: c.intent.currency })),
          day,
        ),
        candidates.length > 0
          ? this.ledger.lockBalances(candidates.map((c) => c.walletAccountId))
          : new Map<string, Balances>(),
      ]);

      // Each confirmation in arrival order, on the balances and usage as the earlier ones left them.
      const paid: ConfirmCandidate[] = [];
      for (const c of candidates) {
        const { intent } = c;
        const wallet = balances.get(c.walletAccountId)!;
        const key = usageKey({ customerId: c.payer.id, currency: intent.currency });
        if (!debitFits(wallet, intent.amount)) {
          decline(c.index, intent, insufficientFunds());
          continue;
        }
        try {
          this.limits.assertDailyRoom(c.payer.tier, intent.currency, usage.get(key) ?? 0n, intent.amount);
        } catch (error) {
          if (!(error instanceof LimitExceededError)) throw error;
          decline(c.index, intent, new DeclinedPaymentError(error.code, error.message));
          continue;
        }
        usage.set(key, (usage.get(key) ?? 0n) + intent.amount);
        if (intent.captureMethod === 'automatic') wallet.debitsPosted += intent.amount;
        else wallet.debitsPending += intent.amount;
        paid.push(c);
      }

      // Round trip 3, with COMMIT.
      const postings = await Promise.all(paid.map((c) => this.confirmPosting(c, now!)));
      postings.forEach(({ change }, i) => {
        changes.push(change);
        answers.succeed(paid[i].index, payerPaymentIntentView(change.intent, change.intent.merchantName));
      });
      this.limits.addUsage(
        sql,
        paid.map((c) => ({ customerId: c.payer.id, currency: c.intent.currency, amount: c.intent.amount })),
        day,
      );
      this.recordChanges(sql, changes);
      this.ledger.postAtCommit(postings.map((p) => p.transfers));
      return answers.finish(sql, this.idempotency);
    });
  }

  /** A paid confirmation's new intent row and its ledger entry. */
  private async confirmPosting(
    { intent, payer, walletAccountId }: ConfirmCandidate,
    now: Date,
  ): Promise<{ change: IntentChange; transfers: TransferRequest[] }> {
    const merchantPending = await this.accounts.merchantPending(intent.merchantId, intent.currency);
    const ids = paymentTransferIds(intent.id);
    const paidBy = { customerId: payer.id, lastPaymentError: null };
    if (intent.captureMethod === 'manual') {
      return {
        change: {
          kind: 'held',
          intent: changed(intent, now, {
            ...paidBy,
            status: 'requires_capture',
            amountCapturable: intent.amount,
            authorizationExpiresAt: new Date(Date.now() + this.config.paymentAuthorizationWindowSeconds * 1000),
          }),
        },
        transfers: [
          {
            id: ids.authorization,
            kind: 'pending',
            debitAccountId: walletAccountId,
            creditAccountId: merchantPending,
            amount: intent.amount,
            currency: intent.currency,
            reference: intent.id,
          },
        ],
      };
    }
    const fee = feeOf(intent, intent.currency, intent.amount);
    const transfers: TransferRequest[] = [
      {
        id: ids.charge,
        debitAccountId: walletAccountId,
        creditAccountId: merchantPending,
        amount: intent.amount,
        currency: intent.currency,
        reference: intent.id,
      },
    ];
    if (fee > 0n) {
      const revenue = await this.accounts.feeRevenue(intent.currency);
      transfers.push(this.feeTransfer(intent, fee, ids.fee, merchantPending, revenue));
    }
    return {
      change: {
        kind: 'succeeded',
        intent: changed(intent, now, {
          ...paidBy,
          status: 'succeeded',
          amountReceived: intent.amount,
          fee,
          succeededAt: now,
        }),
      },
      transfers,
    };
  }

  /**
   * Writes the confirmations' new intent rows (one statement), their events,
   * one settlement job per merchant and currency paid (the job settles every
   * payment due, so one per batch is enough) and the holds' expiry jobs.
   */
  private recordChanges(sql: Sql, changes: readonly IntentChange[]): void {
    if (changes.length === 0) return;
    const rows = changes.map((change) => change.intent);
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
    this.events.recordMany(
      sql,
      changes.map(({ kind, intent }) => ({
        type: CHANGE_EVENTS[kind],
        owner: `merchant:${intent.merchantId}`,
        object: paymentIntentView(intent),
      })),
    );
    const settlements = new Map<string, OutboxMessageInput>();
    const expiries: OutboxMessageInput[] = [];
    for (const { kind, intent } of changes) {
      if (kind === 'succeeded') {
        settlements.set(
          `${intent.merchantId}\n${intent.currency}`,
          this.settlementJob(intent, intent.settlementDelaySeconds),
        );
      }
      if (kind === 'held') expiries.push(this.expiryJob(intent.id, intent.authorizationExpiresAt!));
    }
    this.outbox.enqueueMany(sql, [...settlements.values(), ...expiries]);
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
      this.outbox.enqueue(sql, this.settlementJob(captured, intent.settlementDelaySeconds));
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

  private expiryJob(paymentIntentId: string, runAt: Date): OutboxMessageInput {
    return { queue: QUEUE_NAMES.payments, name: PAYMENT_JOBS.expirePaymentIntent, payload: { paymentIntentId }, runAt };
  }

  /** Settlement runs after the merchant's delay (the settlement worker's sweeper catches any job lost). */
  private settlementJob(intent: PaymentIntent, delaySeconds: number): OutboxMessageInput {
    return {
      queue: QUEUE_NAMES.settlement,
      name: SETTLEMENT_JOBS.settleMerchant,
      payload: { merchantId: intent.merchantId, currency: intent.currency },
      runAt: new Date(Date.now() + delaySeconds * 1000),
    };
  }

  private recorded(sql: Sql, intent: PaymentIntent, type: string): PaymentIntentView {
    const view = paymentIntentView(intent);
    this.events.record(sql, { type, owner: `merchant:${intent.merchantId}`, object: view });
    return view;
  }

  /** Locks the intent and reads it with its merchant's terms in one round trip. */
  private async lock(sql: Sql, id: string): Promise<LockedIntent | null> {
    const [row] = await this.lockMany(sql, [id]);
    return row ?? null;
  }

  /**
   * Locks the intents (in id order, so that batches never deadlock on each
   * other) and reads them with their merchants' terms and the transaction's time.
   */
  private lockMany(sql: Sql, ids: readonly string[]): Promise<LockedIntent[]> {
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

/** The intent's row after a change made at `now` (the transaction's time), its version bumped. */
function changed(intent: LockedIntent, now: Date, fields: Partial<PaymentIntent>): LockedIntent {
  return { ...intent, ...fields, version: intent.version + 1, updatedAt: now };
}

function insufficientFunds(): DeclinedPaymentError {
  return new DeclinedPaymentError('insufficient_funds', 'The wallet balance is too low for this payment.');
}

function visibleTo(principal: Principal, intent: PaymentIntent): boolean {
  if (principal.type === 'operator') return true;
  if (principal.type === 'merchant') return intent.merchantId === principal.id;
  return (
    intent.customerId === principal.id || (intent.status === 'requires_payment_method' && intent.customerId === null)
  );
}
