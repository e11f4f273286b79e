import { ApiProperty } from '@nestjs/swagger';
import { unixSeconds } from '../common/ids';
import { toWireAmount } from '../common/money';
import { STATEMENT_LINE_TYPES, type StatementLineType } from './wallets.dto';

export interface WalletTransferRow {
  id: string;
  sender_id: string;
  recipient_id: string;
  amount: bigint;
  currency: string;
  note: string | null;
  created_at: Date;
}

export function walletTransferView(row: WalletTransferRow) {
  return {
    id: row.id,
    object: 'wallet.transfer' as const,
    created: unixSeconds(row.created_at),
    sender: row.sender_id,
    recipient: row.recipient_id,
    amount: toWireAmount(row.amount),
    currency: row.currency,
    note: row.note,
    /** Transfers are instant: they exist only once the money has moved. */
    status: 'succeeded' as const,
  };
}

export type WalletTransferView = ReturnType<typeof walletTransferView>;

/** A top-up or a withdrawal: money between the wallet and the customer's bank. */
export interface WalletBankOperationRow {
  id: string;
  customer_id: string;
  amount: bigint;
  currency: string;
  status: string;
  failure_reason: string | null;
  attempts: number;
  completed_at: Date | null;
  version: number;
  created_at: Date;
}

export const WALLET_BANK_OPERATION_COLUMNS =
  'id, customer_id, amount, currency, status::text AS status, failure_reason, attempts, completed_at, version, created_at';

export function walletBankOperationView(object: 'wallet.top_up' | 'wallet.withdrawal', row: WalletBankOperationRow) {
  return {
    id: row.id,
    object,
    created: unixSeconds(row.created_at),
    customer: row.customer_id,
    amount: toWireAmount(row.amount),
    currency: row.currency,
    status: row.status,
    failure_reason: row.failure_reason,
    completed_at: row.completed_at ? unixSeconds(row.completed_at) : null,
    /** Grows with every change: receivers of events can discard older copies. */
    version: row.version,
  };
}

export type WalletBankOperationView = ReturnType<typeof walletBankOperationView>;

/**
 * A statement line (`GET /v1/wallet/transactions`). Three running columns,
 * right after the line: `balance` (posted money), `pending` (held for
 * withdrawals and manual-capture payments in progress) and `available`
 * (balance less pending), and the line's change to each: `amount`,
 * `pending_change`, `available_change`. Each column is the one below it
 * plus its change, so a reader can add them up. A hold moves money from
 * available to pending and leaves the balance alone; the line that resolves
 * it (the withdrawal or payment that posts it, or a release) names it in
 * `hold` and takes all of it off pending. Declared with explicit decorators:
 * the Swagger plugin reads only DTO files.
 */
export class WalletTransactionView {
  /** The ledger transfer's id. */
  @ApiProperty({ example: 'wd_01jfq3x8h0c3v9w4y2k7m5n6p8:hold' })
  id!: string;

  @ApiProperty({ enum: ['wallet.transaction'] })
  object!: 'wallet.transaction';

  @ApiProperty({ description: 'Unix seconds.' })
  created!: number;

  @ApiProperty({ enum: STATEMENT_LINE_TYPES })
  type!: StatementLineType;

  @ApiProperty({
    description: 'Signed change of `balance`: negative when money leaves the wallet; 0 for a hold or a release.',
    example: -5000,
  })
  amount!: number;

  @ApiProperty({
    description: 'Signed change of `pending`: a hold adds its amount, the line that resolves it takes all of it off.',
    example: -5000,
  })
  pending_change!: number;

  @ApiProperty({ description: 'Signed change of `available` (`amount` less `pending_change`).', example: 0 })
  available_change!: number;

  @ApiProperty({ description: 'The posted balance right after this line.', example: 5000 })
  balance!: number;

  @ApiProperty({ description: 'Money held right after this line.', example: 0 })
  pending!: number;

  @ApiProperty({ description: '`balance` less `pending`, right after this line: what can be spent.', example: 5000 })
  available!: number;

  @ApiProperty({ example: 'cny' })
  currency!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The transfer, payment, refund, top-up or withdrawal it belongs to.',
  })
  source!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'For the line that posts or releases a hold: the hold line’s `id`.',
  })
  hold!: string | null;

  @ApiProperty({
    description: 'The other side: `{type: customer | merchant | bank, id}`.',
    type: 'object',
    properties: { type: { type: 'string' }, id: { type: 'string', nullable: true } },
  })
  counterparty!: { type: string; id: string | null };
}

export class WalletTransactionListView {
  @ApiProperty({ enum: ['list'] })
  object!: 'list';

  @ApiProperty({ example: '/v1/wallet/transactions' })
  url!: string;

  @ApiProperty({ type: [WalletTransactionView] })
  data!: WalletTransactionView[];

  @ApiProperty()
  has_more!: boolean;
}
