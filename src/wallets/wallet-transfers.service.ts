// Instant transfers between customers' wallets, group-committed: concurrent
// requests (each with its own idempotency key) run together as one plain-SQL
// transaction of three round trips, whatever their number:
//
//   1. every idempotency key, locked then looked up; the senders and
//      recipients, shared-locked (a freeze waits for the batch);
//   2. today's usage row of each sender, locked in key order, the ledger's
//      decisions on every wallet account touched (locked in id order), and
//      the recipients' pending top-ups;
//   3. with COMMIT: the usage increments, the postings (the ledger sends the
//      accepted ones with COMMIT), the transfer rows, their events and the
//      stored responses.
//
// Between 2 and 3 each transfer is decided in arrival order on the locked
// balances and usage, exactly as the ledger and the limits would decide it
// alone (the ledger decides whether the posting fits, the wallet's limits
// whether it may be sent and received): a refused transfer (limit, funds, maximum balance, frozen) changes
// nothing and the later ones see the balances without it. The sender's side
// is decided before the recipient's, and every reason a recipient cannot
// receive (frozen, or at its maximum balance) is one answer,
// `recipient_unavailable`: a sender learns no more of a recipient's state
// than whether its number is registered, and RecipientLookups caps how many
// numbers a sender may try per day. A sender that never held the currency
// is refused for funds without opening a ledger account for either side. A batch that fails as a whole is split in
// halves down to single requests (GroupCommitter), so one request's problem
// never becomes another's. Why: per-statement and per-transaction costs in PostgreSQL, not
// the work of a transfer, were most of a transfer's cost (docs/performance.md,
// "Wallets").
import { Injectable } from '@nestjs/common';
import { AccountsService, openInKeyOrder, walletKey } from '../accounts/accounts.service';
import { insufficientFunds, isShortOfFunds } from '../accounts/funds';
import { ApiError, InvalidRequestError, PaymentError, ResourceMissingError } from '../common/errors';
import { newId } from '../common/ids';
import { toMinorUnits } from '../common/money';
import { toE164 } from '../customers/customers.service';
import type { Sql } from '../database/sql';
import { EventsService } from '../events/events.service';
import { GroupCommits, type GroupAnswers, type GroupOutcome, type GroupRequest } from '../idempotency/group-committed';
import { deriveBalances } from '../ledger/ledger.model';
import { LedgerService } from '../ledger/ledger.service';
import { RecipientLookups } from './recipient-lookups';
import { assertActive, lockCustomers, type WalletCustomer } from './wallet-customers';
import { LimitExceededError, usageKey, WalletLimitsService } from './wallet-limits.service';
import type { CreateWalletTransferDto } from './wallets.dto';
import { walletTransferView, type WalletTransferRow } from './wallets.view';

/** Transfers in one batch at most. */
export const MAX_TRANSFERS_PER_GROUP = 64;

export interface TransferRequest extends GroupRequest {
  senderId: string;
  input: CreateWalletTransferDto;
}

export type TransferOutcome = GroupOutcome;

/** A transfer that passed the checks that need no balance, waiting for its decision. */
interface Candidate {
  index: number;
  sender: WalletCustomer;
  recipient: WalletCustomer;
  amount: bigint;
  currency: string;
  note: string | null;
  from: string;
  into: string;
}

/** Round trip 1's reads: the customers named, which phone lookups the senders may make, and the batch's day. */
interface FirstReads {
  day: string;
  recipients: ({ phone?: string; id?: string } | ApiError)[];
  customers: WalletCustomer[];
  lookupAllowed: (lookup: { customerId: string; phone: string }) => boolean;
}

@Injectable()
export class WalletTransfersService {
  private readonly submit: (request: TransferRequest) => Promise<TransferOutcome>;

  constructor(
    groups: GroupCommits,
    private readonly ledger: LedgerService,
    private readonly accounts: AccountsService,
    private readonly limits: WalletLimitsService,
    private readonly events: EventsService,
    private readonly lookups: RecipientLookups,
  ) {
    this.submit = groups.create<TransferRequest, FirstReads>({
      name: WalletTransfersService.name,
      maxBatchSize: MAX_TRANSFERS_PER_GROUP,
      read: (sql, requests) => this.firstReads(sql, requests),
      decide: (sql, requests, answers, reads) => this.transferBatch(sql, requests, answers, reads),
    });
  }

  /**
   * An instant transfer to another customer, by phone or id: the sender's
   * status and limits, the recipient's status and maximum balance, and the
   * posting are decided and committed together, in the next batch.
   */
  transfer(request: TransferRequest): Promise<TransferOutcome> {
    return this.submit(request);
  }

  /** Round trip 1 (with the idempotency keys): the senders and recipients, shared-locked, and the lookup budget. */
  private async firstReads(sql: Sql, requests: readonly TransferRequest[]): Promise<FirstReads> {
    // One day for the whole batch: the usage rows it locks are the ones it adds to.
    const day = this.limits.today();
    const recipients = requests.map((r) => recipientOf(r.input));
    const phoneLookups = requests.flatMap((r, i) => {
      const spec = recipients[i];
      return !(spec instanceof ApiError) && spec.phone ? [{ customerId: r.senderId, phone: spec.phone }] : [];
    });
    const [customers, lookupAllowed] = await Promise.all([
      lockCustomers(
        sql,
        [
          ...new Set([
            ...requests.map((r) => r.senderId),
            ...recipients.flatMap((r) => (!(r instanceof ApiError) && r.id ? [r.id] : [])),
          ]),
        ],
        [...new Set(phoneLookups.map((l) => l.phone))],
      ),
      this.lookups.allow(sql, phoneLookups, day),
    ]);
    return { day, recipients, customers, lookupAllowed };
  }

  private async transferBatch(
    sql: Sql,
    requests: readonly TransferRequest[],
    answers: GroupAnswers,
    { day, recipients, customers, lookupAllowed }: FirstReads,
  ): Promise<void> {
    const byId = new Map(customers.map((c) => [c.id, c]));
    const byPhone = new Map(customers.map((c) => [c.phone, c]));
    const waiting: Omit<Candidate, 'from' | 'into'>[] = [];
    requests.forEach((request, index) => {
      if (!answers.open(index)) return;
      try {
        const recipientSpec = recipients[index];
        if (recipientSpec instanceof ApiError) throw recipientSpec;
        const sender = byId.get(request.senderId);
        if (!sender) throw new ResourceMissingError('customer', request.senderId);
        // Before anything is said about the number.
        if (recipientSpec.phone && !lookupAllowed({ customerId: sender.id, phone: recipientSpec.phone })) {
          throw this.lookups.limitError();
        }
        const recipient = recipientSpec.phone ? byPhone.get(recipientSpec.phone) : byId.get(recipientSpec.id!);
        if (!recipient || recipient.status === 'closed') {
          throw new InvalidRequestError(
            'recipient_not_found',
            'No customer can receive money at this phone or id.',
            'to',
            404,
          );
        }
        if (recipient.id === sender.id) {
          throw new InvalidRequestError('transfer_to_self', 'A wallet cannot send money to itself.', 'to');
        }
        assertActive(sender);
        const amount = toMinorUnits(request.input.amount);
        const { currency } = request.input;
        waiting.push({ index, sender, recipient, amount, currency, note: request.input.note ?? null });
      } catch (error) {
        answers.fail(index, error);
      }
    });

    // A sender that never held the currency is refused for funds, and nothing is opened. Otherwise
    // the recipient's account is opened if it has none yet (in this transaction), before its balance
    // is locked and the transfer decided: two first transfers into one wallet must queue on its row,
    // or both could pass its maximum balance against nothing.
    const senderAccounts = await Promise.all(
      waiting.map((c) => this.accounts.existingWalletAccount(c.sender.id, c.currency)),
    );
    const funded = waiting.flatMap((c, i) => {
      const from = senderAccounts[i];
      if (from) return [{ ...c, from }];
      answers.fail(c.index, insufficientFunds('transfer'));
      return [];
    });
    const recipientAccounts = await openInKeyOrder(
      funded.map((c) => walletKey(c.recipient.id, c.currency)),
      (key) => {
        const [customerId, currency] = key.split('\n');
        return this.accounts.walletAccount(customerId, currency);
      },
    );
    const candidates: Candidate[] = funded.map((c) => ({
      ...c,
      into: recipientAccounts.get(walletKey(c.recipient.id, c.currency))!,
    }));

    // Round trip 2.
    const [usage, decisions, pendingTopUps] = await Promise.all([
      this.limits.lockUsage(
        sql,
        candidates.map((c) => ({ customerId: c.sender.id, currency: c.currency })),
        day,
      ),
      this.ledger.decisions(candidates.flatMap((c) => [c.from, c.into])),
      this.limits.pendingTopUpsMany(
        sql,
        candidates.map((c) => ({ customerId: c.recipient.id, currency: c.currency })),
      ),
    ]);
    // Each transfer in arrival order, on the balances as the earlier ones left them.
    const made: { candidate: Candidate; row: WalletTransferRow }[] = [];
    for (const c of candidates) {
      const senderKey = usageKey({ customerId: c.sender.id, currency: c.currency });
      const recipientKey = usageKey({ customerId: c.recipient.id, currency: c.currency });
      const row: WalletTransferRow = {
        id: newId('walletTransfer'),
        sender_id: c.sender.id,
        recipient_id: c.recipient.id,
        amount: c.amount,
        currency: c.currency,
        note: c.note,
        created_at: new Date(),
      };
      const decision = decisions.decide([
        {
          id: row.id,
          debitAccountId: c.from,
          creditAccountId: c.into,
          amount: c.amount,
          currency: c.currency,
          reference: row.id,
        },
      ]);
      try {
        this.limits.assertDailyRoom(c.sender.tier, c.currency, usage.get(senderKey) ?? 0n, c.amount);
        // Short of funds is the sender's; any other refusal (an account closed) says nothing of the recipient.
        if (decision.refusal) {
          throw isShortOfFunds(decision.refusal) ? insufficientFunds('transfer') : recipientUnavailable();
        }
        if (c.recipient.status !== 'active') throw recipientUnavailable();
        try {
          this.limits.assertWithinMaxBalance(
            c.recipient.tier,
            c.currency,
            deriveBalances('liability', decision.balancesAfter(c.into)).posted,
            pendingTopUps.get(recipientKey) ?? 0n,
          );
        } catch (error) {
          if (error instanceof LimitExceededError) throw recipientUnavailable();
          throw error;
        }
      } catch (error) {
        answers.fail(c.index, error);
        continue;
      }
      decisions.accept(decision);
      usage.set(senderKey, (usage.get(senderKey) ?? 0n) + c.amount);
      made.push({ candidate: c, row });
      answers.succeed(c.index, walletTransferView(row));
    }

    // Round trip 3, with COMMIT (the accepted postings go with it).
    this.recordTransfers(sql, made, day);
  }

  /** The usage increments, the rows and the events of the transfers made (deferred writes). */
  private recordTransfers(
    sql: Sql,
    made: readonly { candidate: Candidate; row: WalletTransferRow }[],
    day: string,
  ): void {
    if (made.length === 0) return;
    this.limits.addUsage(
      sql,
      made.map(({ candidate: c }) => ({ customerId: c.sender.id, currency: c.currency, amount: c.amount })),
      day,
    );
    sql.defer(
      `INSERT INTO wallet_transfers (id, sender_id, recipient_id, amount, currency, note, created_at)
       SELECT u.id, u.sender_id, u.recipient_id, u.amount, u.currency, u.note, u.created_at
         FROM jsonb_to_recordset($1::jsonb) AS u(id text, sender_id text, recipient_id text, amount bigint,
                                                 currency text, note text, created_at timestamptz)`,
      [JSON.stringify(made.map(({ row }) => ({ ...row, amount: String(row.amount) })))],
    );
    this.events.recordMany(
      sql,
      made.flatMap(({ row }) => {
        const view = walletTransferView(row);
        return [
          { type: 'wallet.transfer.sent', owner: 'platform', object: view },
          { type: 'wallet.transfer.received', owner: 'platform', object: view },
        ];
      }),
    );
  }
}

/** Whatever keeps the recipient from receiving (frozen, or at its maximum balance): its state is its own. */
function recipientUnavailable(): PaymentError {
  return new PaymentError('recipient_unavailable', 'The recipient cannot receive this transfer.', 'to');
}

/** The recipient named by exactly one of phone (normalized to E.164) or customer id, or the error. */
function recipientOf(input: CreateWalletTransferDto): { phone?: string; id?: string } | ApiError {
  const to = input.to ?? {};
  if ((to.phone === undefined) === (to.customer === undefined)) {
    return new InvalidRequestError(
      'parameter_invalid',
      'Name the recipient by exactly one of phone or customer.',
      'to',
    );
  }
  if (to.customer !== undefined) return { id: to.customer };
  try {
    return { phone: toE164(to.phone!) };
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
}
