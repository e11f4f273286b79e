// The customer pays (the wallet app scanned the intent's QR code), in the
// next batch of confirmations (idempotency/group-committed.ts): automatic
// capture moves the money from the wallet to the merchant at once (less the
// fee, posted as its own transfer); manual capture holds it. A declined
// payment records `last_payment_error` and answers 402, the intent staying
// payable.
//
// One transaction for a batch of confirmations, three round trips whatever
// their number (as wallet transfers, whose file says why):
//
//   1. every idempotency key, locked then looked up; the intents, locked FOR
//      UPDATE with their merchants' terms; the payers, shared-locked (a
//      freeze waits for the batch), and their wallet accounts;
//   2. today's usage row of each payer, locked, and the ledger's decisions
//      on the accounts the payments touch (the wallets locked);
//   3. with COMMIT: the intents' new rows, the usage increments, the
//      postings (the merchant's pending account and fee revenue are hot rows
//      that every payment locks, so the ledger posts with COMMIT), the events,
//      the settlement and expiry jobs and the stored responses.
//
// Between 2 and 3 each confirmation is decided in arrival order on the
// balances and usage that the earlier ones left: the ledger decides whether
// the posting fits, the wallet's limits whether it may be spent; a decline
// changes only its own intent.
import { Injectable } from '@nestjs/common';
import { AccountsService, openInKeyOrder, walletKey } from '../accounts/accounts.service';
import { isShortOfFunds, insufficientFunds } from '../accounts/funds';
import { ApiError, DeclinedPaymentError, PaymentError, ResourceMissingError, StateError } from '../common/errors';
import { AppConfig } from '../config/configuration';
import type { Sql } from '../database/sql';
import { EventsService } from '../events/events.service';
import { GroupCommits, type GroupAnswers, type GroupOutcome, type GroupRequest } from '../idempotency/group-committed';
import type { TransferRequest } from '../ledger/ledger.model';
import { LedgerService } from '../ledger/ledger.service';
import { OutboxService, type OutboxMessageInput } from '../outbox/outbox.service';
import { lockCustomers, walletFrozen, type WalletCustomer } from '../wallets/wallet-customers';
import { LimitExceededError, usageKey, WalletLimitsService } from '../wallets/wallet-limits.service';
import {
  changed,
  expectStatus,
  expiryJob,
  feeOf,
  feeTransfer,
  paymentTransferIds,
  settlementJob,
  visibleTo,
} from './payment-intents.model';
import { PaymentIntentsRepository, type LockedIntent } from './payment-intents.repository';
import { payerPaymentIntentView, paymentIntentView } from './payment-intents.view';

export interface ConfirmIntentRequest extends GroupRequest {
  /** The paying customer. */
  customerId: string;
  paymentIntentId: string;
}

/** A confirmation that passed the checks that need no balance, waiting for its decision. */
interface ConfirmCandidate {
  index: number;
  intent: LockedIntent;
  payer: WalletCustomer;
  walletAccountId: string;
  merchantPending: string;
  feeRevenue: string | null;
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

type FirstReads = [LockedIntent[], WalletCustomer[], Map<string, string>];

@Injectable()
export class ConfirmPaymentIntents {
  readonly submit: (request: ConfirmIntentRequest) => Promise<GroupOutcome>;

  constructor(
    groups: GroupCommits,
    private readonly intents: PaymentIntentsRepository,
    private readonly ledger: LedgerService,
    private readonly accounts: AccountsService,
    private readonly limits: WalletLimitsService,
    private readonly events: EventsService,
    private readonly outbox: OutboxService,
    private readonly config: AppConfig,
  ) {
    this.submit = groups.create<ConfirmIntentRequest, FirstReads>({
      name: 'ConfirmPaymentIntents',
      maxBatchSize: 64,
      // Two confirmations of one intent go in different batches: the second then finds it paid.
      conflictKeys: (r) => [r.paymentIntentId],
      read: (sql, requests) => this.firstReads(sql, requests),
      decide: (sql, requests, answers, reads) => this.confirmBatch(sql, requests, answers, reads),
    });
  }

  /** Round trip 1 (with the idempotency keys): the intents, the payers and their wallet accounts. */
  private firstReads(sql: Sql, requests: readonly ConfirmIntentRequest[]): Promise<FirstReads> {
    const payerIds = [...new Set(requests.map((r) => r.customerId))];
    return Promise.all([
      this.intents.lockMany(
        sql,
        requests.map((r) => r.paymentIntentId),
      ),
      lockCustomers(sql, payerIds),
      this.accounts.openWalletAccounts(payerIds),
    ]);
  }

  private async confirmBatch(
    sql: Sql,
    requests: readonly ConfirmIntentRequest[],
    answers: GroupAnswers,
    [intents, payers, walletAccounts]: FirstReads,
  ): Promise<void> {
    const intentById = new Map(intents.map((intent) => [intent.id, intent]));
    const payerById = new Map(payers.map((payer) => [payer.id, payer]));
    // The transaction's own time (now()), for the rows written at its end.
    const now = intents[0]?.transactionNow;

    const changes: IntentChange[] = [];
    const decline = (index: number, intent: LockedIntent, error: ApiError) => {
      const declined = new DeclinedPaymentError(error.code, error.message);
      answers.fail(index, declined);
      const lastPaymentError = { type: declined.type, code: declined.code, message: declined.message };
      changes.push({ kind: 'declined', intent: changed(intent, now!, { lastPaymentError }) });
    };
    const waiting: Omit<ConfirmCandidate, 'merchantPending' | 'feeRevenue'>[] = [];
    requests.forEach(({ customerId, paymentIntentId }, index) => {
      if (!answers.open(index)) return;
      try {
        const intent = intentById.get(paymentIntentId);
        if (!intent || !visibleTo({ type: 'customer', id: customerId }, intent)) {
          throw new ResourceMissingError('payment_intent', paymentIntentId, 'id');
        }
        expectStatus(intent, ['requires_payment_method'], 'confirm');
        if (intent.expiresAt.getTime() <= Date.now()) {
          throw new StateError('payment_intent_expired', 'This payment intent has expired.');
        }
        const payer = payerById.get(customerId);
        if (payer?.status !== 'active') {
          decline(index, intent, walletFrozen('payment'));
          return;
        }
        const walletAccountId = walletAccounts.get(walletKey(customerId, intent.currency));
        if (!walletAccountId) {
          decline(index, intent, insufficientFunds('payment'));
          return;
        }
        waiting.push({ index, intent, payer, walletAccountId });
      } catch (error) {
        answers.fail(index, error);
      }
    });
    // The merchants' and the platform's accounts (known to this process after their first use: no round
    // trip); one first used here is opened in this transaction.
    const merchantAccounts = await openInKeyOrder(
      waiting.map((c) => `${c.intent.merchantId}\n${c.intent.currency}`),
      (key) => {
        const [merchantId, currency] = key.split('\n');
        return this.accounts.merchantPending(merchantId, currency);
      },
    );
    const feeAccounts = await openInKeyOrder(
      waiting.filter((c) => this.paysFee(c.intent)).map((c) => c.intent.currency),
      (currency) => this.accounts.feeRevenue(currency),
    );
    const candidates: ConfirmCandidate[] = waiting.map((c) => ({
      ...c,
      merchantPending: merchantAccounts.get(`${c.intent.merchantId}\n${c.intent.currency}`)!,
      feeRevenue: this.paysFee(c.intent) ? feeAccounts.get(c.intent.currency)! : null,
    }));

    // Round trip 2.
    const day = this.limits.today();
    const [usage, decisions] = await Promise.all([
      this.limits.lockUsage(
        sql,
        candidates.map((c) => ({ customerId: c.payer.id, currency: c.intent.currency })),
        day,
      ),
      this.ledger.decisions(
        candidates.flatMap((c) => [c.walletAccountId, c.merchantPending, c.feeRevenue ?? []].flat()),
      ),
    ]);

    // Each confirmation in arrival order, on the balances and usage as the earlier ones left them.
    const paid: ConfirmCandidate[] = [];
    for (const c of candidates) {
      const { intent } = c;
      const key = usageKey({ customerId: c.payer.id, currency: intent.currency });
      const confirmation = this.confirmation(c, now!);
      const decision = decisions.decide(confirmation.transfers);
      if (decision.refusal) {
        // Any other refusal (a merchant's account closed by the operator) is not the payer's to see.
        decline(
          c.index,
          intent,
          isShortOfFunds(decision.refusal) ? insufficientFunds('payment') : paymentUnavailable(),
        );
        continue;
      }
      try {
        this.limits.assertDailyRoom(c.payer.tier, intent.currency, usage.get(key) ?? 0n, intent.amount);
      } catch (error) {
        if (!(error instanceof LimitExceededError)) throw error;
        decline(c.index, intent, error);
        continue;
      }
      decisions.accept(decision);
      usage.set(key, (usage.get(key) ?? 0n) + intent.amount);
      paid.push(c);
      changes.push(confirmation.change);
      answers.succeed(c.index, payerPaymentIntentView(confirmation.change.intent, intent.merchantName));
    }

    // Round trip 3, with COMMIT (the accepted postings go with it).
    this.limits.addUsage(
      sql,
      paid.map((c) => ({ customerId: c.payer.id, currency: c.intent.currency, amount: c.intent.amount })),
      day,
    );
    this.recordChanges(sql, changes);
  }

  /** Whether a confirmation takes a fee now (automatic capture with a fee above zero). */
  private paysFee(intent: LockedIntent): boolean {
    return intent.captureMethod === 'automatic' && feeOf(intent, intent.currency, intent.amount) > 0n;
  }

  /** A confirmation's new intent row and its ledger entry. */
  private confirmation(
    { intent, payer, walletAccountId, merchantPending, feeRevenue }: ConfirmCandidate,
    now: Date,
  ): { change: IntentChange; transfers: TransferRequest[] } {
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
    if (fee > 0n) transfers.push(feeTransfer(intent, fee, merchantPending, feeRevenue!));
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
    this.intents.writeMany(
      sql,
      changes.map((change) => change.intent),
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
          settlementJob(intent, intent.settlementDelaySeconds),
        );
      }
      if (kind === 'held') expiries.push(expiryJob(intent.id, intent.authorizationExpiresAt!));
    }
    this.outbox.enqueueMany(sql, [...settlements.values(), ...expiries]);
  }
}

/** A payment the ledger refused for a reason of the merchant's or the platform's, not the payer's. */
function paymentUnavailable(): PaymentError {
  return new PaymentError('payment_unavailable', 'This payment cannot be made now. Try again later.');
}
