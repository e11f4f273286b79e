// The operator's view of the ledger (snake_case, amounts as safe integers),
// as view classes for the OpenAPI document and the functions that build them.
import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import {
  ApiSignedAmount,
  ApiAmount,
  ApiCurrency,
  ApiEnum,
  ApiId,
  ApiMetadata,
  ApiObjectName,
  ApiTimestamp,
} from '../common/api-properties';
import { unixSeconds } from '../common/ids';
import { toWireAmount } from '../common/money';
import { ListView } from '../common/pagination';
import {
  type Balances,
  deriveBalances,
  LEDGER_ACCOUNT_TYPES,
  type LedgerAccountType,
  NORMAL_BALANCE,
  type NormalBalance,
  type StoredTransfer,
  TRANSFER_ID_PATTERN,
  TRANSFER_KINDS,
  type TransferKind,
} from './ledger.model';
import type { LedgerAccountRecord, PendingStatus } from './ledger.service';

type Extra = Pick<ApiPropertyOptions, 'description' | 'nullable'>;

/** A transfer id: chosen by the layer that posts it, derived from its business object (`pi_...:settle`). */
export const ApiTransferId = (extra: Extra = {}) =>
  ApiProperty({
    type: 'string',
    pattern: TRANSFER_ID_PATTERN.source,
    example: 'pi_01J9Z3K8E5Q7W2V6X4Y8T0R2M1:settle',
    ...extra,
  });

/** A ledger account's code (what the account is for, chosen by the layer that opens it): a 32-bit integer. */
const ApiLedgerCode = () => ApiProperty({ type: 'integer', minimum: 0, maximum: 2_147_483_647 });

const NORMAL_BALANCES = ['debit', 'credit'] as const satisfies readonly NormalBalance[];
const ACCOUNT_STATUSES = ['open', 'closed'] as const satisfies readonly LedgerAccountRecord['status'][];
const PENDING_STATUSES = ['pending', 'posted', 'voided', 'expired'] as const satisfies readonly PendingStatus[];

/** Balances in the account's normal direction, derived from the four; they can be negative. */
export class DerivedBalancesView {
  @ApiSignedAmount({ description: 'Posted money.' })
  posted!: number;

  @ApiSignedAmount({ description: 'Incoming minus outgoing holds.' })
  pending!: number;

  @ApiSignedAmount({ description: 'Posted minus outgoing holds: what the owner can still move.' })
  available!: number;
}

export class LedgerAccountFlagsView {
  @ApiProperty({ type: 'boolean', description: 'The ledger refuses a debit past the credits.' })
  debits_must_not_exceed_credits!: boolean;

  @ApiProperty({ type: 'boolean', description: 'The ledger refuses a credit past the debits.' })
  credits_must_not_exceed_debits!: boolean;
}

export class LedgerAccountView {
  @ApiId('la')
  id!: string;

  @ApiObjectName('ledger_account')
  object!: 'ledger_account';

  @ApiTimestamp()
  created!: number;

  @ApiCurrency()
  currency!: string;

  @ApiEnum(LEDGER_ACCOUNT_TYPES)
  type!: LedgerAccountType;

  @ApiEnum(NORMAL_BALANCES, { description: 'The side that grows the account: debit for assets and expenses.' })
  normal_balance!: NormalBalance;

  @ApiLedgerCode()
  code!: number;

  @ApiProperty({
    type: 'string',
    nullable: true,
    example: 'customer:cus_01J9Z3K8E5Q7W2V6X4Y8T0R2M1',
    description: 'Who the account belongs to; null for an account opened without an owner.',
  })
  owner!: string | null;

  @ApiEnum(ACCOUNT_STATUSES)
  status!: LedgerAccountRecord['status'];

  @ApiProperty({ type: LedgerAccountFlagsView })
  flags!: LedgerAccountFlagsView;

  @ApiAmount({ description: 'Held by pending transfers on the debit side.' })
  debits_pending!: number;

  @ApiAmount()
  debits_posted!: number;

  @ApiAmount({ description: 'Held by pending transfers on the credit side.' })
  credits_pending!: number;

  @ApiAmount()
  credits_posted!: number;

  @ApiProperty({ type: DerivedBalancesView, description: "In the account's normal direction." })
  balance!: DerivedBalancesView;

  @ApiTimestamp({ nullable: true, description: 'The time the balances are as of (`at`); null for the current ones.' })
  balances_as_of!: number | null;

  @ApiMetadata()
  metadata!: Record<string, string>;
}

export class LedgerTransferView {
  @ApiTransferId()
  id!: string;

  @ApiObjectName('ledger_transfer')
  object!: 'ledger_transfer';

  @ApiTimestamp()
  created!: number;

  @ApiId('je', { description: 'The entry it was posted in: its transfers were posted together or not at all.' })
  entry!: string;

  @ApiEnum(TRANSFER_KINDS)
  kind!: TransferKind;

  @ApiId('la')
  debit_account!: string;

  @ApiId('la')
  credit_account!: string;

  @ApiAmount()
  amount!: number;

  @ApiCurrency()
  currency!: string;

  @ApiLedgerCode()
  code!: number;

  @ApiProperty({ type: 'string', nullable: true, description: 'The business object it belongs to.' })
  reference!: string | null;

  @ApiMetadata()
  metadata!: Record<string, string>;

  @ApiTransferId({ nullable: true, description: 'For a post, void or expiry: the pending transfer it resolved.' })
  pending_transfer!: string | null;

  @ApiEnum(PENDING_STATUSES, { nullable: true, description: 'For a pending transfer: how it was resolved, if it was.' })
  pending_status!: PendingStatus | null;

  @ApiTransferId({ nullable: true, description: 'For a resolved pending transfer: the transfer that resolved it.' })
  resolved_by!: string | null;

  @ApiTimestamp({ nullable: true, description: 'For a pending transfer with a timeout: when it is released.' })
  expires_at!: number | null;

  @ApiTransferId({ nullable: true, description: 'For a reversal: the transfer it reverses.' })
  reverses!: string | null;

  @ApiTransferId({ nullable: true, description: 'The transfer that reversed this one.' })
  reversed_by!: string | null;
}

/** One line of an account's statement: a transfer and the balances right after it. */
export class LedgerAccountEntryView {
  @ApiObjectName('ledger_account_entry')
  object!: 'ledger_account_entry';

  @ApiTransferId()
  transfer!: string;

  @ApiId('je')
  entry!: string;

  @ApiEnum(TRANSFER_KINDS)
  kind!: TransferKind;

  @ApiTimestamp()
  created!: number;

  @ApiEnum(NORMAL_BALANCES, { description: 'The side of the transfer this account is on.' })
  side!: NormalBalance;

  @ApiId('la')
  counterparty_account!: string;

  @ApiAmount()
  amount!: number;

  @ApiCurrency()
  currency!: string;

  @ApiSignedAmount({ description: "How the transfer changed the account's posted balance, in its normal direction." })
  posted_change!: number;

  @ApiProperty({ type: 'string', nullable: true })
  reference!: string | null;

  @ApiProperty({ type: DerivedBalancesView })
  balance_after!: DerivedBalancesView;
}

/** A page of ledger accounts. */
export const LedgerAccountListView = ListView(LedgerAccountView, '/v1/ledger/accounts');

/** A page of an account's statement. */
export const LedgerAccountEntryListView = ListView(
  LedgerAccountEntryView,
  '/v1/ledger/accounts/la_01J9Z3K8E5Q7W2V6X4Y8T0R2M1/entries',
);

/** The four balances the ledger keeps per account, as the views spread them. */
export interface BalancesFields {
  debits_pending: number;
  debits_posted: number;
  credits_pending: number;
  credits_posted: number;
}

export function balancesView(b: Balances): BalancesFields {
  return {
    debits_pending: toWireAmount(b.debitsPending),
    debits_posted: toWireAmount(b.debitsPosted),
    credits_pending: toWireAmount(b.creditsPending),
    credits_posted: toWireAmount(b.creditsPosted),
  };
}

function derivedView(account: LedgerAccountRecord, b: Balances): DerivedBalancesView {
  const derived = deriveBalances(account.type, b);
  return {
    posted: toWireAmount(derived.posted),
    pending: toWireAmount(derived.pending),
    available: toWireAmount(derived.available),
  };
}

export function ledgerAccountView(
  account: LedgerAccountRecord,
  asOf?: { at: Date; balances: Balances },
): LedgerAccountView {
  const balances = asOf?.balances ?? account;
  return {
    id: account.id,
    object: 'ledger_account',
    created: unixSeconds(account.createdAt),
    currency: account.currency,
    type: account.type,
    normal_balance: NORMAL_BALANCE[account.type],
    code: account.code,
    owner: account.ownerRef,
    status: account.status,
    flags: {
      debits_must_not_exceed_credits: account.debitsMustNotExceedCredits,
      credits_must_not_exceed_debits: account.creditsMustNotExceedDebits,
    },
    ...balancesView(balances),
    balance: derivedView(account, balances),
    balances_as_of: asOf ? unixSeconds(asOf.at) : null,
    metadata: account.metadata,
  };
}

export function ledgerTransferView(
  t: StoredTransfer,
  extra: { pendingStatus?: PendingStatus; resolvedBy?: string | null; reversedBy?: string | null } = {},
): LedgerTransferView {
  return {
    id: t.id,
    object: 'ledger_transfer',
    created: unixSeconds(t.createdAt),
    entry: t.entryId,
    kind: t.kind,
    debit_account: t.debitAccountId,
    credit_account: t.creditAccountId,
    amount: toWireAmount(t.amount),
    currency: t.currency,
    code: t.code,
    reference: t.reference,
    metadata: t.metadata,
    pending_transfer: t.pendingId,
    pending_status: extra.pendingStatus ?? null,
    resolved_by: extra.resolvedBy ?? null,
    expires_at: t.expiresAt ? unixSeconds(t.expiresAt) : null,
    reverses: t.reversesId,
    reversed_by: extra.reversedBy ?? null,
  };
}

/** How a transfer changed one account's posted balance, in its normal direction. */
function postedChange(t: StoredTransfer, side: NormalBalance, normal: NormalBalance): bigint {
  if (t.kind !== 'posted' && t.kind !== 'post_pending') return 0n;
  return side === normal ? t.amount : -t.amount;
}

export function ledgerAccountEntryView(account: LedgerAccountRecord, t: StoredTransfer): LedgerAccountEntryView {
  const side: NormalBalance = t.debitAccountId === account.id ? 'debit' : 'credit';
  const after = side === 'debit' ? t.debitAccountAfter : t.creditAccountAfter;
  return {
    object: 'ledger_account_entry',
    transfer: t.id,
    entry: t.entryId,
    kind: t.kind,
    created: unixSeconds(t.createdAt),
    side,
    counterparty_account: side === 'debit' ? t.creditAccountId : t.debitAccountId,
    amount: toWireAmount(t.amount),
    currency: t.currency,
    posted_change: toWireAmount(postedChange(t, side, NORMAL_BALANCE[account.type])),
    reference: t.reference,
    balance_after: derivedView(account, after),
  };
}
