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
import type { Sql } from '../database/sql';
import { type Loan, type LoanInstallment, Prisma } from '../generated/prisma/client';
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
import { CreditDecimal } from './credit-decimal';
import { buildSchedule } from './schedule';

/** A line with its product, as a drawdown reads it (locked). */
interface DrawdownLineRow {
  id: string;
  currency: string;
  creditLimit: bigint;
  principalOutstanding: bigint;
  status: 'active' | 'suspended' | 'closed';
  productStatus: 'active' | 'retired';
  dailyRate: string;
  penaltyDailyRate: string;
  graceDays: number;
  terms: number[];
  repaymentMethods: string[];
  minAmount: bigint;
  maxAmount: bigint;
}

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
    // Plain SQL, pipelined (database/sql.ts): a drawdown is a money path, and Prisma's cost per
    // statement, not PostgreSQL, was its limit (bench/credit.bench.ts).
    return this.db.sqlTransaction(async (sql) => {
      const lineId = input.line ?? (await this.onlyLine(sql, customerId));
      const [line] = await sql.query<DrawdownLineRow>(
        `SELECT l.id, l.currency, l.credit_limit AS "creditLimit", l.principal_outstanding AS "principalOutstanding",
                l.status::text AS status, p.status::text AS "productStatus", p.daily_rate::text AS "dailyRate",
                p.penalty_daily_rate::text AS "penaltyDailyRate", p.grace_days AS "graceDays", p.terms,
                p.repayment_methods AS "repaymentMethods", p.min_amount AS "minAmount", p.max_amount AS "maxAmount"
           FROM credit_lines l JOIN credit_products p ON p.id = l.product_id
          WHERE l.id = $1::text AND l.customer_id = $2::text
            FOR UPDATE OF l FOR SHARE OF p`,
        [lineId, customerId],
      );
      if (!line) throw new ResourceMissingError('credit_line', lineId, 'line');
      if (line.status !== 'active') {
        throw new StateError(`credit_line_${line.status}`, `This line is ${line.status}: it lends nothing.`);
      }
      if (line.productStatus !== 'active') {
        throw new StateError('product_retired', 'This line’s product is no longer offered: it lends nothing.');
      }
      checkLoanTerms(line, input.amount, input.term, input.repayment_method);
      const amount = BigInt(input.amount);
      const available = line.creditLimit - line.principalOutstanding;
      if (amount > available) {
        throw new PaymentError(
          'credit_limit_exceeded',
          `The line has ${formatAmount(available > 0n ? available : 0n, line.currency)} ${line.currency.toUpperCase()} available.`,
          'amount',
        );
      }
      const [customer] = await lockCustomers(sql, [customerId]);
      if (!customer) throw new ResourceMissingError('customer', customerId);
      assertActive(customer);

      // numeric(12,10) reads back with trailing zeros: the plain decimal string is the rate's.
      const dailyRate = rateString(new CreditDecimal(line.dailyRate));
      const drawdownDate = this.calendar.dayOf(now);
      const schedule = buildSchedule({
        principal: amount,
        dailyRate,
        termMonths: input.term,
        method: input.repayment_method,
        drawdownDate,
      });
      const loan: Loan = {
        id: newId('loan'),
        lineId,
        customerId,
        currency: line.currency,
        principal: amount,
        principalOutstanding: amount,
        term: input.term,
        repaymentMethod: input.repayment_method,
        dailyRate: new Prisma.Decimal(dailyRate),
        penaltyDailyRate: new Prisma.Decimal(rateString(new CreditDecimal(line.penaltyDailyRate))),
        graceDays: line.graceDays,
        drawdownDate: new Date(`${drawdownDate}T00:00:00Z`),
        annualPercentageRate: annualPercentageRate({
          amountReceived: amount,
          drawdownDate,
          payments: schedule.instalments.map((i) => ({ date: i.due_date, amount: i.total })),
        }),
        status: 'active',
        createdAt: now,
        updatedAt: now,
      };
      const installments: LoanInstallment[] = schedule.instalments.map((i) => ({
        loanId: loan.id,
        number: i.number,
        dueDate: new Date(`${i.due_date}T00:00:00Z`),
        principal: i.principal,
        interest: i.interest,
        principalPaid: 0n,
        interestPaid: 0n,
      }));
      // Nothing reads these back in the transaction: they travel with the next statement.
      sql.defer(
        `WITH loan AS (
           INSERT INTO loans (id, line_id, customer_id, currency, principal, principal_outstanding, term,
                              repayment_method, daily_rate, penalty_daily_rate, grace_days, drawdown_date,
                              annual_percentage_rate, created_at, updated_at)
           VALUES ($1::text, $2::text, $3::text, $4::text, $5::bigint, $5::bigint, $6::int, $7::text, $8::numeric,
                   $9::numeric, $10::int, $11::date, $12::text, $13::timestamptz, $13::timestamptz)
           RETURNING id),
         schedule AS (
           INSERT INTO loan_installments (loan_id, number, due_date, principal, interest)
           SELECT (SELECT id FROM loan), u.number, u.due_date, u.principal, u.interest
             FROM jsonb_to_recordset($14::jsonb) AS u(number int, due_date date, principal bigint, interest bigint))
         UPDATE credit_lines SET principal_outstanding = principal_outstanding + $5::bigint, updated_at = now()
          WHERE id = $2::text`,
        [
          loan.id,
          lineId,
          customerId,
          loan.currency,
          amount,
          loan.term,
          loan.repaymentMethod,
          dailyRate,
          loan.penaltyDailyRate.toFixed(),
          loan.graceDays,
          drawdownDate,
          loan.annualPercentageRate,
          now,
          JSON.stringify(
            schedule.instalments.map((i) => ({
              number: i.number,
              due_date: i.due_date,
              principal: String(i.principal),
              interest: String(i.interest),
            })),
          ),
        ],
      );
      const view = loanView(loan, installments);
      this.events.record(sql, { type: 'loan.disbursed', owner: 'platform', object: view });

      // Last, so the wallet's account row is locked for the fewest round trips.
      const receivable = await this.accounts.loansReceivable(customerId, line.currency);
      const wallet = await this.accounts.walletAccount(customerId, line.currency);
      const [posted] = await this.ledger.postEntries([
        [
          {
            id: loanTransferIds(loan.id).disbursement,
            debitAccountId: receivable,
            creditAccountId: wallet,
            amount,
            currency: line.currency,
            reference: loan.id,
          },
        ],
      ]);
      if (!posted.ok) throw posted.error;
      // The wallet's maximum balance, with the money in and its pending top-ups, under the posting's lock.
      const after = deriveBalances('liability', posted.transfers[0].creditAccountAfter).posted;
      const pending = await this.limits.pendingTopUps(sql, customerId, line.currency);
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

  /** The customer's line when `line` is left out: there must be exactly one that is not closed. */
  private async onlyLine(sql: Sql, customerId: string): Promise<string> {
    const lines = await sql.query<{ id: string }>(
      "SELECT id FROM credit_lines WHERE customer_id = $1::text AND status <> 'closed' LIMIT 2",
      [customerId],
    );
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
