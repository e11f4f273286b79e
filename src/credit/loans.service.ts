// Drawdowns: a loan made on a line, its schedule stored, and the money paid
// into the customer's wallet (loans receivable / wallet), all in one
// transaction with the line's new outstanding principal and the event.
// The line's row lock orders drawdowns on it, so however many run at once
// its loans never owe more than its limit.
import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import { InvalidRequestError, PaymentError, ResourceMissingError, StateError } from '../common/errors';
import { newId } from '../common/ids';
import { formatAmount } from '../common/money';
import { type ListQueryDto, type ListResponse, paginate } from '../common/pagination';
import { AccountsService } from '../accounts/accounts.service';
import { DatabaseService } from '../database/database.service';
import { EventsService } from '../events/events.service';
import { deriveBalances } from '../ledger/ledger.model';
import { LedgerService } from '../ledger/ledger.service';
import { assertActive, lockCustomers } from '../wallets/wallet-customers';
import { WalletLimitsService } from '../wallets/wallet-limits.service';
import { annualPercentageRate } from './apr';
import { CreditCalendar } from './calendar-day';
import { checkLoanTerms } from './credit-products.service';
import { rateString } from './credit-products.view';
import type { CreateLoanDto } from './loans.dto';
import { loanView, type LoanView } from './loans.view';
import { buildSchedule } from './schedule';

/** The ledger transfers of a loan, by step: derived from its id, so a step repeated cannot move money twice. */
export const loanTransferIds = (loanId: string) => ({ disbursement: `${loanId}:disburse` });

@Injectable()
export class LoansService {
  constructor(
    private readonly db: DatabaseService,
    private readonly ledger: LedgerService,
    private readonly accounts: AccountsService,
    private readonly limits: WalletLimitsService,
    private readonly events: EventsService,
    private readonly calendar: CreditCalendar,
  ) {}

  async drawdown(customerId: string, input: CreateLoanDto, now = new Date()): Promise<LoanView> {
    return this.db.transaction(async (tx) => {
      const lineId = input.line ?? (await this.onlyLine(customerId));
      const locked = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM credit_lines WHERE id = ${lineId} AND customer_id = ${customerId} FOR UPDATE`;
      if (locked.length === 0) throw new ResourceMissingError('credit_line', lineId, 'line');
      const line = await tx.creditLine.findUniqueOrThrow({ where: { id: lineId }, include: { product: true } });
      if (line.status !== 'active') {
        throw new StateError(`credit_line_${line.status}`, `This line is ${line.status}: it lends nothing.`);
      }
      if (line.product.status !== 'active') {
        throw new StateError('product_retired', 'This line’s product is no longer offered: it lends nothing.');
      }
      checkLoanTerms(line.product, input.amount, input.term, input.repayment_method);
      const amount = BigInt(input.amount);
      const available = line.creditLimit - line.principalOutstanding;
      if (amount > available) {
        throw new PaymentError(
          'credit_limit_exceeded',
          `The line has ${formatAmount(available > 0n ? available : 0n, line.currency)} ${line.currency.toUpperCase()} available.`,
          'amount',
        );
      }
      const [customer] = await lockCustomers(this.db.sql, [customerId]);
      if (!customer) throw new ResourceMissingError('customer', customerId);
      assertActive(customer);

      const id = newId('loan');
      const dailyRate = rateString(line.product.dailyRate);
      const drawdownDate = this.calendar.dayOf(now);
      const schedule = buildSchedule({
        principal: amount,
        dailyRate,
        termMonths: input.term,
        method: input.repayment_method,
        drawdownDate,
      });
      const apr = annualPercentageRate({
        amountReceived: amount,
        drawdownDate,
        payments: schedule.instalments.map((i) => ({ date: i.due_date, amount: i.total })),
      });
      const loan = await tx.loan.create({
        data: {
          id,
          lineId,
          customerId,
          currency: line.currency,
          principal: amount,
          principalOutstanding: amount,
          term: input.term,
          repaymentMethod: input.repayment_method,
          dailyRate,
          penaltyDailyRate: rateString(line.product.penaltyDailyRate),
          graceDays: line.product.graceDays,
          drawdownDate: new Date(`${drawdownDate}T00:00:00Z`),
          annualPercentageRate: apr,
        },
      });
      await tx.loanInstallment.createMany({
        data: schedule.instalments.map((i) => ({
          loanId: id,
          number: i.number,
          dueDate: new Date(`${i.due_date}T00:00:00Z`),
          principal: i.principal,
          interest: i.interest,
        })),
      });
      const installments = await tx.loanInstallment.findMany({ where: { loanId: id } });
      await tx.creditLine.update({ where: { id: lineId }, data: { principalOutstanding: { increment: amount } } });
      const view = loanView(loan, installments);
      this.events.record(this.db.sql, { type: 'loan.disbursed', owner: 'platform', object: view });

      // Last, so the wallet's account row is locked until COMMIT only.
      const receivable = await this.accounts.loansReceivable(customerId, line.currency);
      const wallet = await this.accounts.walletAccount(customerId, line.currency);
      const [posted] = await this.ledger.postEntries([
        [
          {
            id: loanTransferIds(id).disbursement,
            debitAccountId: receivable,
            creditAccountId: wallet,
            amount,
            currency: line.currency,
            reference: id,
          },
        ],
      ]);
      if (!posted.ok) throw posted.error;
      // The wallet's maximum balance, with the money in and its pending top-ups, under the posting's lock.
      const after = deriveBalances('liability', posted.transfers[0].creditAccountAfter).posted;
      const pending = await this.limits.pendingTopUps(this.db.sql, customerId, line.currency);
      this.limits.assertWithinMaxBalance(customer.tier, line.currency, after, pending);
      return view;
    });
  }

  async list(principal: Principal, query: ListQueryDto): Promise<ListResponse<LoanView>> {
    const own = principal.type === 'customer' ? { customerId: principal.id } : {};
    return paginate(
      query,
      '/v1/credit/loans',
      (w) =>
        this.db.client.loan.findMany({
          where: { ...own, id: w.idFilter },
          orderBy: { id: w.orderBy },
          take: w.take,
          include: { installments: true },
        }),
      (loan) => loanView(loan, loan.installments),
    );
  }

  async retrieve(principal: Principal, id: string): Promise<LoanView> {
    const loan = await this.db.client.loan.findUnique({ where: { id }, include: { installments: true } });
    if (!loan || (principal.type === 'customer' && loan.customerId !== principal.id)) {
      throw new ResourceMissingError('loan', id);
    }
    return loanView(loan, loan.installments);
  }

  /** The customer's line when `line` is left out: there must be exactly one. */
  private async onlyLine(customerId: string): Promise<string> {
    const lines = await this.db.client.creditLine.findMany({ where: { customerId }, select: { id: true }, take: 2 });
    if (lines.length === 1) return lines[0].id;
    throw new InvalidRequestError(
      lines.length === 0 ? 'no_credit_line' : 'parameter_missing',
      lines.length === 0
        ? 'You have no credit line: apply for one first (POST /v1/credit/applications).'
        : 'You have several credit lines: name one with `line`.',
      'line',
    );
  }
}
