// The operator's checks on the ledger as views: the trial balance and the
// reconciliation report (snake_case, amounts as safe integers).
import { ApiProperty } from '@nestjs/swagger';
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
import { HOLD_MISMATCH_PROBLEMS, type HoldMismatchProblem } from './ledger-reconciliation';
import type { ReconciliationReport, TrialBalanceLine } from './ledger.service';
import { ApiTransferId, balancesView } from './ledger.view';

/** One currency's totals over all its accounts. */
export class TrialBalanceLineView {
  @ApiCurrency()
  currency!: string;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'How many accounts in this currency.' })
  accounts!: number;

  @ApiAmount()
  debits_pending!: number;

  @ApiAmount()
  debits_posted!: number;

  @ApiAmount()
  credits_pending!: number;

  @ApiAmount()
  credits_posted!: number;

  @ApiProperty({ type: 'boolean', description: 'Debits equal credits, posted and pending.' })
  balanced!: boolean;
}

export class TrialBalanceView {
  @ApiObjectName('ledger_trial_balance')
  object!: 'ledger_trial_balance';

  @ApiTimestamp()
  created!: number;

  @ApiProperty({ type: 'boolean', description: 'Every currency balances.' })
  balanced!: boolean;

  @ApiProperty({ type: [TrialBalanceLineView] })
  currencies!: TrialBalanceLineView[];
}

/**
 * Balances as a reconciliation found them. Signed, unlike the stored ones:
 * a reconciliation reports a ledger that broke its rules, and what it
 * recomputes from broken transfers need not keep them.
 */
export class ReconciledBalancesView {
  @ApiSignedAmount()
  debits_pending!: number;

  @ApiSignedAmount()
  debits_posted!: number;

  @ApiSignedAmount()
  credits_pending!: number;

  @ApiSignedAmount()
  credits_posted!: number;
}

/** An account whose stored balances differ from its transfers. */
export class ReconciliationDifferenceView {
  @ApiId('la')
  account!: string;

  @ApiProperty({ type: ReconciledBalancesView })
  stored!: ReconciledBalancesView;

  @ApiProperty({ type: ReconciledBalancesView, description: 'Recomputed from every transfer.' })
  from_transfers!: ReconciledBalancesView;

  @ApiProperty({ type: ReconciledBalancesView, description: "As the account's last transfer recorded them." })
  recorded_by_last_transfer!: ReconciledBalancesView;
}

/** A pending transfer and the open-holds table that disagree. */
export class HoldMismatchView {
  @ApiTransferId()
  transfer!: string;

  @ApiEnum(HOLD_MISMATCH_PROBLEMS)
  problem!: HoldMismatchProblem;
}

/** One record of a capability that disagrees with the ledger (or with its own totals). */
export class SubledgerDifferenceView {
  @ApiProperty({ type: 'string', example: 'customer:cus_01J9Z3K8E5Q7W2V6X4Y8T0R2M1 cny' })
  subject!: string;

  @ApiSignedAmount({ description: "What the capability's records say." })
  expected!: number;

  @ApiSignedAmount({ description: 'What the ledger (or the other record) says.' })
  found!: number;

  @ApiProperty({ type: 'string' })
  description!: string;
}

/** A capability's check of its own records against the ledger (credit: loans against loans receivable). */
export class SubledgerReportView {
  @ApiProperty({ type: 'string', example: 'credit' })
  name!: string;

  @ApiProperty({ type: 'boolean' })
  ok!: boolean;

  @ApiProperty({ type: [SubledgerDifferenceView], maxItems: 100, description: 'The first 100.' })
  differences!: SubledgerDifferenceView[];
}

export class ReconciliationView {
  @ApiObjectName('ledger_reconciliation')
  object!: 'ledger_reconciliation';

  @ApiTimestamp()
  created!: number;

  @ApiProperty({
    type: 'boolean',
    description: 'No difference, no hold mismatch, the trial balance balances, and every subledger agrees.',
  })
  ok!: boolean;

  @ApiProperty({ type: 'integer', minimum: 0 })
  accounts_checked!: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  transfers_checked!: number;

  @ApiProperty({ type: [ReconciliationDifferenceView], maxItems: 100, description: 'The first 100.' })
  differences!: ReconciliationDifferenceView[];

  @ApiProperty({ type: [HoldMismatchView], maxItems: 100, description: 'The first 100.' })
  hold_mismatches!: HoldMismatchView[];

  @ApiProperty({ type: [TrialBalanceLineView] })
  trial_balance!: TrialBalanceLineView[];

  @ApiProperty({ type: [SubledgerReportView], description: "The capabilities' records checked against the ledger." })
  subledgers!: SubledgerReportView[];
}

function trialBalanceLineView(line: TrialBalanceLine): TrialBalanceLineView {
  return { currency: line.currency, accounts: line.accounts, ...balancesView(line), balanced: line.balanced };
}

export function trialBalanceView(lines: TrialBalanceLine[], at: Date): TrialBalanceView {
  return {
    object: 'ledger_trial_balance',
    created: unixSeconds(at),
    balanced: lines.every((l) => l.balanced),
    currencies: lines.map(trialBalanceLineView),
  };
}

export function reconciliationView(report: ReconciliationReport, at: Date): ReconciliationView {
  return {
    object: 'ledger_reconciliation',
    created: unixSeconds(at),
    ok: report.ok,
    accounts_checked: report.accountsChecked,
    transfers_checked: report.transfersChecked,
    differences: report.differences.map((d) => ({
      account: d.accountId,
      stored: balancesView(d.stored),
      from_transfers: balancesView(d.replayed),
      recorded_by_last_transfer: balancesView(d.recorded),
    })),
    hold_mismatches: report.holdMismatches.map((h) => ({ transfer: h.transferId, problem: h.problem })),
    trial_balance: report.trialBalance.map(trialBalanceLineView),
    subledgers: report.subledgers.map((subledger) => ({
      name: subledger.name,
      ok: subledger.ok,
      differences: subledger.differences.map((d) => ({
        subject: d.subject,
        expected: toWireAmount(d.expected),
        found: toWireAmount(d.found),
        description: d.description,
      })),
    })),
  };
}
