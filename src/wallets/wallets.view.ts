// The wallet as the API answers it, to the wallet app acting for one customer
// (see docs/wallets.md): the wallet with its limits and balances, top-ups,
// withdrawals, transfers, and the statement.
import { ApiProperty } from '@nestjs/swagger';
import { type Counterparty, ownerOf } from '../accounts/chart-of-accounts';
import {
  ApiAmount,
  ApiCurrency,
  ApiEnum,
  ApiId,
  ApiObjectName,
  ApiSignedAmount,
  ApiTimestamp,
} from '../common/api-properties';
import { unixSeconds } from '../common/ids';
import { toWireAmount } from '../common/money';
import { ListView } from '../common/pagination';
import type { WalletTierLimits } from '../config/configuration';
import { ApiKycTier, CUSTOMER_STATUSES } from '../customers/customers.view';
import { type CustomerStatus, WalletTopUpStatus, WalletWithdrawalStatus } from '../generated/prisma/client';
import { type Balances, deriveBalances, TRANSFER_ID_PATTERN } from '../ledger/ledger.model';
import type { OwnedBalances, StatementLine } from '../ledger/ledger.service';
import { STATEMENT_LINE_TYPES, type StatementLineType } from './wallets.dto';

/** The tier's limits (WALLET_LIMITS_TIER_n), the same in every currency. */
export class WalletLimitsView {
  @ApiAmount({ description: 'The most one transfer, withdrawal or payment may send.' })
  per_transaction!: number;

  @ApiAmount({ description: 'The most that may go out per calendar day, in each currency.' })
  daily!: number;

  @ApiAmount({ description: 'The most the wallet may hold in each currency, top-ups not yet confirmed included.' })
  max_balance!: number;

  @ApiProperty({
    type: 'string',
    format: 'date',
    example: '2026-01-31',
    description: 'The calendar day the daily limit counts now (in WALLET_LIMITS_TIME_ZONE).',
  })
  day!: string;
}

/** One currency of the wallet. */
export class WalletBalanceView {
  @ApiCurrency()
  currency!: string;

  @ApiAmount({ description: 'What can be spent now: the posted balance less holds.' })
  available!: number;

  @ApiAmount({ description: 'Held for manual-capture payments and withdrawals in progress.' })
  pending!: number;

  @ApiAmount({ description: 'Top-ups the bank has not confirmed yet.' })
  incoming!: number;

  @ApiAmount({ description: 'What may still go out today under the daily limit (past what was already sent).' })
  daily_remaining!: number;
}

/** `GET /v1/wallet`. */
export class WalletView {
  @ApiObjectName('wallet')
  object!: 'wallet';

  @ApiId('cus')
  customer!: string;

  @ApiEnum(CUSTOMER_STATUSES, { description: 'A frozen wallet can neither send nor receive money.' })
  status!: CustomerStatus;

  @ApiKycTier()
  kyc_tier!: number;

  @ApiProperty({ type: WalletLimitsView })
  limits!: WalletLimitsView;

  @ApiProperty({
    type: [WalletBalanceView],
    description: 'One per currency the wallet has held, and always the home currency (cny), by currency code.',
  })
  balances!: WalletBalanceView[];
}

/** What GET /v1/wallet shows of one currency, before it is put in wire amounts. */
export interface WalletCurrencyFigures {
  currency: string;
  /** The wallet's ledger account in this currency, if it was ever opened. */
  account: OwnedBalances | undefined;
  /** Top-ups in this currency the bank has not confirmed yet. */
  pendingTopUps: bigint;
  /** What went out today in this currency. */
  sentToday: bigint;
}

export function walletView(wallet: {
  customerId: string;
  status: CustomerStatus;
  tier: number;
  limits: WalletTierLimits;
  day: string;
  currencies: WalletCurrencyFigures[];
}): WalletView {
  const { limits } = wallet;
  return {
    object: 'wallet',
    customer: wallet.customerId,
    status: wallet.status,
    kyc_tier: wallet.tier,
    limits: {
      per_transaction: toWireAmount(limits.perTransaction),
      daily: toWireAmount(limits.daily),
      max_balance: toWireAmount(limits.maxBalance),
      day: wallet.day,
    },
    balances: wallet.currencies.map(({ currency, account, pendingTopUps, sentToday }) => ({
      currency,
      available: toWireAmount(account ? deriveBalances(account.type, account.balances).available : 0n),
      pending: toWireAmount(account?.balances.debitsPending ?? 0n),
      incoming: toWireAmount(pendingTopUps),
      daily_remaining: toWireAmount(sentToday >= limits.daily ? 0n : limits.daily - sentToday),
    })),
  };
}

/** `POST /v1/wallet/transfers`, `GET /v1/wallet/transfers/{id}`, and the `wallet.transfer.*` events. */
export class WalletTransferView {
  @ApiId('wt')
  id!: string;

  @ApiObjectName('wallet.transfer')
  object!: 'wallet.transfer';

  @ApiTimestamp()
  created!: number;

  @ApiId('cus')
  sender!: string;

  @ApiId('cus')
  recipient!: string;

  @ApiAmount()
  amount!: number;

  @ApiCurrency()
  currency!: string;

  @ApiProperty({ type: 'string', nullable: true, maxLength: 140, description: 'Shown to both sides.' })
  note!: string | null;

  @ApiEnum(['succeeded'], { description: 'Transfers are instant: they exist only once the money has moved.' })
  status!: 'succeeded';
}

export interface WalletTransferRow {
  id: string;
  sender_id: string;
  recipient_id: string;
  amount: bigint;
  currency: string;
  note: string | null;
  created_at: Date;
}

export function walletTransferView(row: WalletTransferRow): WalletTransferView {
  return {
    id: row.id,
    object: 'wallet.transfer',
    created: unixSeconds(row.created_at),
    sender: row.sender_id,
    recipient: row.recipient_id,
    amount: toWireAmount(row.amount),
    currency: row.currency,
    note: row.note,
    status: 'succeeded',
  };
}

/** A top-up or a withdrawal: money between the wallet and the customer's bank. */
export interface WalletBankOperationRow {
  id: string;
  customer_id: string;
  amount: bigint;
  currency: string;
  status: WalletTopUpStatus | WalletWithdrawalStatus;
  failure_reason: string | null;
  attempts: number;
  completed_at: Date | null;
  version: number;
  created_at: Date;
}

export const WALLET_BANK_OPERATION_COLUMNS =
  'id, customer_id, amount, currency, status::text AS status, failure_reason, attempts, completed_at, version, created_at';

/**
 * The view class of a top-up or of a withdrawal: the same fields, each with
 * its own id prefix, object name and statuses (named `name` in the document).
 */
function WalletBankOperationView<Name extends string, Status extends string>(spec: {
  name: string;
  idPrefix: string;
  object: Name;
  statuses: readonly Status[];
  statusDescription: string;
}) {
  class View {
    @ApiId(spec.idPrefix)
    id!: string;

    @ApiObjectName(spec.object)
    object!: Name;

    @ApiTimestamp()
    created!: number;

    @ApiId('cus')
    customer!: string;

    @ApiAmount()
    amount!: number;

    @ApiCurrency()
    currency!: string;

    @ApiEnum(spec.statuses, { description: spec.statusDescription })
    status!: Status;

    @ApiProperty({ type: 'string', nullable: true, description: "The bank's reason, once `failed`." })
    failure_reason!: string | null;

    @ApiTimestamp({ nullable: true, description: 'When it reached its final status.' })
    completed_at!: number | null;

    @ApiProperty({
      type: 'integer',
      minimum: 1,
      description: 'Grows with every change: receivers of events can discard older copies.',
    })
    version!: number;
  }
  Object.defineProperty(View, 'name', { value: spec.name });
  return View;
}

/** `POST /v1/wallet/top_ups`, `GET /v1/wallet/top_ups/{id}`, and the `wallet.top_up.*` events. */
export const WalletTopUpView = WalletBankOperationView({
  name: 'WalletTopUpView',
  idPrefix: 'tu',
  object: 'wallet.top_up',
  statuses: Object.values(WalletTopUpStatus),
  statusDescription: '`pending` until the bank confirms, then `succeeded` (credited) or `failed` (nothing moved).',
});
export type WalletTopUpView = InstanceType<typeof WalletTopUpView>;

/** `POST /v1/wallet/withdrawals`, `GET /v1/wallet/withdrawals/{id}`, and the `wallet.withdrawal.*` events. */
export const WalletWithdrawalView = WalletBankOperationView({
  name: 'WalletWithdrawalView',
  idPrefix: 'wd',
  object: 'wallet.withdrawal',
  statuses: Object.values(WalletWithdrawalStatus),
  statusDescription: '`pending` (the amount held) until the bank pays (`paid`) or not (`failed`, the money back).',
});
export type WalletWithdrawalView = InstanceType<typeof WalletWithdrawalView>;

/** A row of wallet_top_ups (whose status column holds only top-up statuses). */
export function walletTopUpView(row: WalletBankOperationRow): WalletTopUpView {
  return bankOperationView(row, 'wallet.top_up', row.status as WalletTopUpStatus);
}

/** A row of wallet_withdrawals (whose status column holds only withdrawal statuses). */
export function walletWithdrawalView(row: WalletBankOperationRow): WalletWithdrawalView {
  return bankOperationView(row, 'wallet.withdrawal', row.status as WalletWithdrawalStatus);
}

type BankOperationView<Name extends string, Status extends string> = InstanceType<
  ReturnType<typeof WalletBankOperationView<Name, Status>>
>;

function bankOperationView<Name extends string, Status extends string>(
  row: WalletBankOperationRow,
  object: Name,
  status: Status,
): BankOperationView<Name, Status> {
  return {
    id: row.id,
    object,
    created: unixSeconds(row.created_at),
    customer: row.customer_id,
    amount: toWireAmount(row.amount),
    currency: row.currency,
    status,
    failure_reason: row.failure_reason,
    completed_at: row.completed_at ? unixSeconds(row.completed_at) : null,
    version: row.version,
  };
}

const COUNTERPARTY_TYPES = ['customer', 'merchant', 'bank'] as const;

/** Who is on the other side of a statement line. */
export class WalletCounterpartyView {
  @ApiEnum(COUNTERPARTY_TYPES, {
    description: 'Another customer (a transfer), a merchant (a payment or refund), or the bank side (the rest).',
  })
  type!: Counterparty['type'];

  @ApiProperty({
    type: 'string',
    nullable: true,
    pattern: '^(cus|mch)_[0-9A-Z]+$',
    example: 'mch_01J9Z3K8E5Q7W2V6X4Y8T0R2M1',
    description: "The customer's or merchant's id; null for the bank side.",
  })
  id!: string | null;
}

/**
 * A statement line (`GET /v1/wallet/transactions`). Three running columns,
 * right after the line: `balance` (posted money), `pending` (held for
 * withdrawals and manual-capture payments in progress) and `available`
 * (balance less pending), and the line's change to each: `amount`,
 * `pending_change`, `available_change`. Each column is the one below it
 * plus its change, so a reader can add them up. A hold moves money from
 * available to pending and leaves the balance alone; the line that resolves
 * it (the withdrawal or payment that posts it, or a release) names it in
 * `hold` and takes all of it off pending. The running columns are never
 * negative: a wallet's ledger account cannot go below zero.
 */
export class WalletTransactionView {
  @ApiProperty({
    type: 'string',
    pattern: TRANSFER_ID_PATTERN.source,
    example: 'wd_01J9Z3K8E5Q7W2V6X4Y8T0R2M1:hold',
    description: "The ledger transfer's id.",
  })
  id!: string;

  @ApiObjectName('wallet.transaction')
  object!: 'wallet.transaction';

  @ApiTimestamp()
  created!: number;

  @ApiEnum(STATEMENT_LINE_TYPES)
  type!: StatementLineType;

  @ApiSignedAmount({
    description: 'Signed change of `balance`: negative when money leaves the wallet; 0 for a hold or a release.',
  })
  amount!: number;

  @ApiSignedAmount({
    description: 'Signed change of `pending`: a hold adds its amount, the line that resolves it takes all of it off.',
  })
  pending_change!: number;

  @ApiSignedAmount({ description: 'Signed change of `available` (`amount` less `pending_change`).' })
  available_change!: number;

  @ApiAmount({ description: 'The posted balance right after this line.' })
  balance!: number;

  @ApiAmount({ description: 'Money held right after this line.' })
  pending!: number;

  @ApiAmount({ description: '`balance` less `pending`, right after this line: what can be spent.' })
  available!: number;

  @ApiCurrency()
  currency!: string;

  @ApiProperty({
    type: 'string',
    nullable: true,
    example: 'wd_01J9Z3K8E5Q7W2V6X4Y8T0R2M1',
    description:
      'The transfer, payment, refund, top-up or withdrawal it belongs to; null for an adjustment without one.',
  })
  source!: string | null;

  @ApiProperty({
    type: 'string',
    nullable: true,
    pattern: TRANSFER_ID_PATTERN.source,
    description: 'For the line that posts or releases a hold: the hold line’s `id`.',
  })
  hold!: string | null;

  @ApiProperty({ type: WalletCounterpartyView })
  counterparty!: WalletCounterpartyView;
}

/** A page of the wallet's statement. */
export const WalletTransactionListView = ListView(WalletTransactionView, '/v1/wallet/transactions');

/**
 * A ledger line in the wallet's words (see WalletTransactionView): the
 * balance, pending and available right after it, and its change to each,
 * from the balances the ledger recorded before and after it. `type` is the
 * line's statement type (WalletsService reads it from the ledger's kind and
 * reference, as it filters by it).
 */
export function walletTransactionView(
  line: StatementLine,
  type: StatementLineType,
  currency: string,
): WalletTransactionView {
  const before = walletColumns(line.balancesBefore);
  const after = walletColumns(line.balancesAfter);
  return {
    id: line.transferId,
    object: 'wallet.transaction',
    created: unixSeconds(line.createdAt),
    type,
    amount: toWireAmount(after.balance - before.balance),
    pending_change: toWireAmount(after.pending - before.pending),
    available_change: toWireAmount(after.available - before.available),
    balance: toWireAmount(after.balance),
    pending: toWireAmount(after.pending),
    available: toWireAmount(after.available),
    currency,
    source: line.reference,
    hold: line.pendingId,
    counterparty: ownerOf(line.counterpartyOwnerRef),
  };
}

/** A wallet account's balances as the wallet shows them (GET /v1/wallet's `available` and `pending` too). */
function walletColumns(balances: Balances): { balance: bigint; pending: bigint; available: bigint } {
  const derived = deriveBalances('liability', balances);
  return { balance: derived.posted, pending: balances.debitsPending, available: derived.available };
}
