// A quote: what a loan would cost, with its schedule, committing nothing.
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
import { ApiDailyRate } from './credit-products.dto';
import { ApiAnnualRate } from './credit-products.view';
import { REPAYMENT_METHODS, type RepaymentMethod, type Schedule } from './schedule';

export class CreditInstalmentView {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 60 })
  number!: number;

  @ApiCalendarDate('The due date: the drawdown day of the month, or the month’s last day when it is shorter.')
  due_date!: string;

  @ApiProperty({ type: 'integer', minimum: 28, maximum: 31, description: 'Days of interest in this period.' })
  days!: number;

  @ApiAmount()
  principal!: number;

  @ApiAmount({ description: 'The daily rate on the balance before this instalment, for its days, rounded half up.' })
  interest!: number;

  @ApiAmount({ description: 'principal + interest: what is due that day.' })
  total!: number;

  @ApiAmount({ description: 'The principal still owed after this instalment.' })
  balance_after!: number;
}

export class CreditQuoteView {
  @ApiObjectName('credit_quote')
  object!: 'credit_quote';

  @ApiTimestamp()
  created!: number;

  @ApiId('cpr')
  product!: string;

  @ApiCurrency()
  currency!: string;

  @ApiAmount()
  amount!: number;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 60, description: 'Months.' })
  term!: number;

  @ApiEnum(REPAYMENT_METHODS)
  repayment_method!: RepaymentMethod;

  @ApiAnnualRate('The annual percentage rate of this loan, all it costs included (the IRR on actual days).')
  annual_percentage_rate!: string;

  @ApiDailyRate('The daily interest rate.')
  daily_rate!: string;

  @ApiCalendarDate('The day the loan would be drawn (today, in the bank’s time zone).')
  drawdown_date!: string;

  @ApiAmount()
  total_interest!: number;

  @ApiAmount({ description: 'amount + total_interest.' })
  total_repayment!: number;

  @ApiProperty({ type: [CreditInstalmentView] })
  schedule!: CreditInstalmentView[];
}

export function creditQuoteView(quote: {
  at: Date;
  product: string;
  currency: string;
  term: number;
  method: RepaymentMethod;
  dailyRate: string;
  drawdownDate: string;
  schedule: Schedule;
  annualPercentageRate: string;
}): CreditQuoteView {
  const { schedule } = quote;
  return {
    object: 'credit_quote',
    created: unixSeconds(quote.at),
    product: quote.product,
    currency: quote.currency,
    amount: toWireAmount(schedule.totals.principal),
    term: quote.term,
    repayment_method: quote.method,
    annual_percentage_rate: quote.annualPercentageRate,
    daily_rate: quote.dailyRate,
    drawdown_date: quote.drawdownDate,
    total_interest: toWireAmount(schedule.totals.interest),
    total_repayment: toWireAmount(schedule.totals.total),
    schedule: schedule.instalments.map((instalment) => ({
      number: instalment.number,
      due_date: instalment.due_date,
      days: instalment.days,
      principal: toWireAmount(instalment.principal),
      interest: toWireAmount(instalment.interest),
      total: toWireAmount(instalment.total),
      balance_after: toWireAmount(instalment.balance_after),
    })),
  };
}
