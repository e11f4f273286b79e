// Money between a wallet and the customer's bank, through the bank connector:
//
// - a top-up is asked for (`pending`, no money moved; its amount counts
//   towards the wallet's maximum balance at once), then the worker asks the
//   bank to pull it from the customer's card: success credits the wallet from
//   the platform's bank clearing account, failure moves nothing;
// - a withdrawal holds the amount (wallet -> bank clearing, pending) and
//   counts towards the daily limit, then the worker asks the bank to pay:
//   success posts the hold, failure voids it (the money is back).
//
// As with merchant payouts, the operation's id is the bank's idempotency
// key, an unknown outcome (a timeout, or `pending`) is asked about again
// later, and the row is locked for each resolution, so each operation ends in
// exactly one final state with its ledger effect, however often the worker's
// job runs or the worker dies. A top-up that the bank confirms after the
// wallet was frozen is still credited: the money is already the customer's,
// and a frozen wallet cannot spend it.
import { Injectable, Logger } from '@nestjs/common';
import { AccountsService } from '../accounts/accounts.service';
import { insufficientFunds, refusalError } from '../accounts/funds';
import { ResourceMissingError } from '../common/errors';
import { newId } from '../common/ids';
import { toMinorUnits } from '../common/money';
import { askBank, BankConnector, type BankOutcome, nextStatusCheckDelayMs } from '../connectors/bank-connector';
import { DatabaseService } from '../database/database.service';
import type { Sql } from '../database/sql';
import { EventsService } from '../events/events.service';
import { deriveBalances, type TransferRequest } from '../ledger/ledger.model';
import { LedgerService } from '../ledger/ledger.service';
import { OutboxService } from '../outbox/outbox.service';
import { QUEUE_NAMES } from '../queues/queue-names';
import { assertActive, lockCustomers } from './wallet-customers';
import { usageKey, WalletLimitsService } from './wallet-limits.service';
import type { WalletAmountDto } from './wallets.dto';
import {
  WALLET_BANK_OPERATION_COLUMNS,
  walletTopUpView,
  walletWithdrawalView,
  type WalletBankOperationRow,
  type WalletTopUpView,
  type WalletWithdrawalView,
} from './wallets.view';

export type WalletBankOperationKind = 'top_up' | 'withdrawal';

export const WALLET_JOBS = {
  send: 'send-wallet-bank-operation',
  check: 'check-wallet-bank-operation',
} as const;

const KINDS = {
  top_up: {
    table: 'wallet_top_ups',
    statusType: 'wallet_top_up_status',
    view: walletTopUpView,
    resource: 'wallet_top_up',
    done: 'succeeded',
    events: { done: 'wallet.top_up.succeeded', failed: 'wallet.top_up.failed' },
  },
  withdrawal: {
    table: 'wallet_withdrawals',
    statusType: 'wallet_withdrawal_status',
    view: walletWithdrawalView,
    resource: 'wallet_withdrawal',
    done: 'paid',
    events: { done: 'wallet.withdrawal.paid', failed: 'wallet.withdrawal.failed' },
  },
} as const;

/** Ledger transfer ids derived from the operation's id, so a repeated step cannot move money twice. */
const transferIds = (id: string) => ({
  credit: `${id}:credit`,
  hold: `${id}:hold`,
  paid: `${id}:paid`,
  returned: `${id}:returned`,
});

@Injectable()
export class WalletBankService {
  private readonly logger = new Logger(WalletBankService.name);

  constructor(
    private readonly db: DatabaseService,
    private readonly ledger: LedgerService,
    private readonly accounts: AccountsService,
    private readonly limits: WalletLimitsService,
    private readonly connector: BankConnector,
    private readonly events: EventsService,
    private readonly outbox: OutboxService,
  ) {}

  async createTopUp(customerId: string, input: WalletAmountDto): Promise<WalletTopUpView> {
    const amount = toMinorUnits(input.amount);
    return this.db.sqlTransaction(async (sql) => {
      const [customer] = await lockCustomers(sql, [customerId]);
      if (!customer) throw new ResourceMissingError('customer', customerId);
      assertActive(customer);
      const wallet = await this.accounts.walletAccount(customerId, input.currency);
      // The wallet's row lock (the ledger's, for decisions) orders this against credits and other
      // top-ups, so the maximum balance holds; nothing is posted until the bank confirms.
      const decisions = await this.ledger.decisions([wallet]);
      const row = await this.insert(sql, 'top_up', customerId, amount, input.currency);
      const pending = await this.limits.pendingTopUps(sql, customerId, input.currency);
      const posted = deriveBalances('liability', decisions.balances(wallet)).posted;
      this.limits.assertWithinMaxBalance(customer.tier, input.currency, posted, pending);
      return walletTopUpView(row);
    });
  }

  async createWithdrawal(customerId: string, input: WalletAmountDto): Promise<WalletWithdrawalView> {
    const amount = toMinorUnits(input.amount);
    return this.db.sqlTransaction(async (sql) => {
      const [customer] = await lockCustomers(sql, [customerId]);
      if (!customer) throw new ResourceMissingError('customer', customerId);
      assertActive(customer);
      // The daily limit as every spend takes it: the usage row locked, the room decided, the spend added.
      const day = this.limits.today();
      const usage = await this.limits.lockUsage(sql, [{ customerId, currency: input.currency }], day);
      this.limits.assertDailyRoom(
        customer.tier,
        input.currency,
        usage.get(usageKey({ customerId, currency: input.currency })) ?? 0n,
        amount,
      );
      // A wallet that never held this currency opens nothing: the withdrawal is refused for funds.
      const wallet = await this.accounts.existingWalletAccount(customerId, input.currency);
      if (!wallet) throw insufficientFunds('withdrawal');
      const clearing = await this.accounts.bankClearing(input.currency);
      const row = await this.insert(sql, 'withdrawal', customerId, amount, input.currency);
      // Posted at once (the ledger locks both accounts in id order, as the worker's postings on them do).
      const [held] = await this.ledger.postEntries([
        [
          {
            id: transferIds(row.id).hold,
            kind: 'pending',
            debitAccountId: wallet,
            creditAccountId: clearing,
            amount,
            currency: input.currency,
            reference: row.id,
          },
        ],
      ]);
      if (!held.ok) throw refusalError(held.error, 'withdrawal');
      this.limits.addUsage(sql, [{ customerId, currency: input.currency, amount }], day);
      return walletWithdrawalView(row);
    });
  }

  /** The customer's own top-up or withdrawal (else 404). */
  async retrieve(
    kind: WalletBankOperationKind,
    customerId: string,
    id: string,
  ): Promise<WalletTopUpView | WalletWithdrawalView> {
    const [row] = await this.db.sql.query<WalletBankOperationRow>(
      `SELECT ${WALLET_BANK_OPERATION_COLUMNS} FROM ${KINDS[kind].table} WHERE id = $1::text AND customer_id = $2::text`,
      [id, customerId],
    );
    if (!row) throw new ResourceMissingError(KINDS[kind].resource, id, 'id');
    return KINDS[kind].view(row);
  }

  /**
   * The worker's step: asks the bank to do it (the first time) or what
   * became of it (afterwards), then resolves it. Returns the status after.
   */
  async sendOrCheck(kind: WalletBankOperationKind, id: string, step: 'send' | 'check'): Promise<string> {
    const [row] = await this.db.sql.query<WalletBankOperationRow>(
      `UPDATE ${KINDS[kind].table} SET attempts = attempts + 1, updated_at = now()
        WHERE id = $1::text AND status = 'pending' RETURNING ${WALLET_BANK_OPERATION_COLUMNS}`,
      [id],
    );
    if (!row) {
      const [done] = await this.db.sql.query<{ status: string }>(
        `SELECT status::text AS status FROM ${KINDS[kind].table} WHERE id = $1::text`,
        [id],
      );
      return done?.status ?? 'missing';
    }
    const request = { reference: row.id, amount: row.amount, currency: row.currency };
    const outcome = await askBank(
      step,
      row.id,
      () => (kind === 'top_up' ? this.connector.topUp(request) : this.connector.payout(request)),
      (reference) => this.connector.status(reference),
      () => this.logger.warn(`${kind} ${row.id}: the bank did not answer; asking again later`),
    );
    return this.resolve(kind, row.id, outcome, row.attempts);
  }

  private async resolve(
    kind: WalletBankOperationKind,
    id: string,
    outcome: Exclude<BankOutcome, { status: 'not_found' }>,
    attempt: number,
  ): Promise<string> {
    return this.db.sqlTransaction(async (sql) => {
      const [row] = await sql.query<WalletBankOperationRow>(
        `SELECT ${WALLET_BANK_OPERATION_COLUMNS} FROM ${KINDS[kind].table} WHERE id = $1::text FOR UPDATE`,
        [id],
      );
      if (row.status !== 'pending') return row.status;
      if (outcome.status === 'pending') {
        this.enqueue(sql, WALLET_JOBS.check, kind, id, new Date(Date.now() + nextStatusCheckDelayMs(attempt)));
        return 'pending';
      }
      const ids = transferIds(id);
      const succeeded = outcome.status === 'succeeded';
      let posting: TransferRequest | null;
      if (kind === 'top_up') {
        posting = succeeded
          ? {
              id: ids.credit,
              debitAccountId: await this.accounts.bankClearing(row.currency),
              creditAccountId: await this.accounts.walletAccount(row.customer_id, row.currency),
              amount: row.amount,
              currency: row.currency,
              reference: id,
            }
          : null;
      } else {
        posting = succeeded
          ? { id: ids.paid, kind: 'post_pending', pendingId: ids.hold }
          : { id: ids.returned, kind: 'void_pending', pendingId: ids.hold };
      }
      if (posting) await this.ledger.postEntry([posting]);
      const [done] = await sql.query<WalletBankOperationRow>(
        `UPDATE ${KINDS[kind].table}
            SET status = $2::text::${KINDS[kind].statusType},
                failure_reason = $3::text, completed_at = now(), version = version + 1, updated_at = now()
          WHERE id = $1::text RETURNING ${WALLET_BANK_OPERATION_COLUMNS}`,
        [id, succeeded ? KINDS[kind].done : 'failed', outcome.status === 'failed' ? outcome.reason : null],
      );
      this.events.record(sql, {
        type: succeeded ? KINDS[kind].events.done : KINDS[kind].events.failed,
        owner: 'platform',
        object: KINDS[kind].view(done),
      });
      return done.status;
    });
  }

  private async insert(
    sql: Sql,
    kind: WalletBankOperationKind,
    customerId: string,
    amount: bigint,
    currency: string,
  ): Promise<WalletBankOperationRow> {
    const id = newId(kind === 'top_up' ? 'walletTopUp' : 'walletWithdrawal');
    const [row] = await sql.query<WalletBankOperationRow>(
      `INSERT INTO ${KINDS[kind].table} (id, customer_id, amount, currency)
       VALUES ($1::text, $2::text, $3::bigint, $4::text) RETURNING ${WALLET_BANK_OPERATION_COLUMNS}`,
      [id, customerId, amount, currency],
    );
    this.enqueue(sql, WALLET_JOBS.send, kind, id);
    return row;
  }

  private enqueue(sql: Sql, name: string, kind: WalletBankOperationKind, id: string, runAt?: Date): void {
    this.outbox.enqueue(sql, { queue: QUEUE_NAMES.wallets, name, payload: { kind, id }, ...(runAt ? { runAt } : {}) });
  }
}
