// Loans as the API answers them (see docs/credit.md).
import { ApiProperty } from '@nestjs/swagger';
import {
  ApiAmount,
  ApiCalendarDate,
  ApiCurrency,
  ApiEnum,
  ApiId,
  ApiObjectName,
  ApiTimestamp,
} from '../common/api-properties';
import { toWireAmount } from '../common/money';
import { unixSeconds } from '../common/ids';
import { ListView } from '../common/pagination';
import { type Loan, type LoanInstallment, LoanStatus } from '../generated/prisma/client';
import { ApiDailyRate } from './credit-products.dto';
import { ApiAnnualRate, rateString } from './credit-products.view';
import { REPAYMENT_METHODS, type RepaymentMethod } from './schedule';

/** A `date` column as 'YYYY-MM-DD' (PostgreSQL dates come back as UTC midnight). */
export const isoDate = (date: Date) => date.toISOString().slice(0, 10);

export class LoanInstallmentView {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 60 })
  number!: number;

  @ApiCalendarDate('When it is due.')
  due_date!: string;

  @ApiAmount()
  principal!: number;

  @ApiAmount()
  interest!: number;

  @ApiAmount({ description: 'principal + interest.' })
  total!: number;

  @ApiAmount()
  principal_paid!: number;

  @ApiAmount()
  interest_paid!: number;

  @ApiProperty({ type: 'boolean', description: 'Paid in full.' })
  paid!: boolean;
}

export class LoanView {
  @ApiId('ln')
  id!: string;

  @ApiObjectName('loan')
  object!: 'loan';

  @ApiTimestamp()
  created!: number;

  @ApiId('cl')
  line!: string;

  @ApiId('cus')
  customer!: string;

  @ApiCurrency()
  currency!: string;

  @ApiEnum(Object.values(LoanStatus))
  status!: LoanStatus;

  @ApiAmount({ description: 'What was lent, paid into the wallet at drawdown.' })
  principal!: number;

  @ApiAmount({ description: 'The principal still owed.' })
  principal_outstanding!: number;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 60, description: 'Months.' })
  term!: number;

  @ApiEnum(REPAYMENT_METHODS)
  repayment_method!: RepaymentMethod;

  @ApiAnnualRate('The annual percentage rate of this loan, all it costs included.')
  annual_percentage_rate!: string;

  @ApiDailyRate('The daily interest rate it keeps for its life.')
  daily_rate!: string;

  @ApiDailyRate('The penalty rate per day on overdue principal it keeps for its life.')
  penalty_daily_rate!: string;

  @ApiCalendarDate('The day it was drawn, in the bank’s time zone: the anchor of its due dates.')
  drawdown_date!: string;

  @ApiProperty({ type: [LoanInstallmentView] })
  schedule!: LoanInstallmentView[];
}

export const LoanListView = ListView(LoanView, '/v1/credit/loans');

export function loanView(loan: Loan, installments: readonly LoanInstallment[]): LoanView {
  return {
    id: loan.id,
    object: 'loan',
    created: unixSeconds(loan.createdAt),
    line: loan.lineId,
    customer: loan.customerId,
    currency: loan.currency,
    status: loan.status,
    principal: toWireAmount(loan.principal),
    principal_outstanding: toWireAmount(loan.principalOutstanding),
    term: loan.term,
    repayment_method: loan.repaymentMethod as RepaymentMethod,
    annual_percentage_rate: loan.annualPercentageRate,
    daily_rate: rateString(loan.dailyRate),
    penalty_daily_rate: rateString(loan.penaltyDailyRate),
    drawdown_date: isoDate(loan.drawdownDate),
    schedule: [...installments]
      .sort((a, b) => a.number - b.number)
      .map((i) => ({
        number: i.number,
        due_date: isoDate(i.dueDate),
        principal: toWireAmount(i.principal),
        interest: toWireAmount(i.interest),
        total: toWireAmount(i.principal + i.interest),
        principal_paid: toWireAmount(i.principalPaid),
        interest_paid: toWireAmount(i.interestPaid),
        paid: i.principalPaid === i.principal && i.interestPaid === i.interest,
      })),
  };
}
