// Applications, their automated decision (credit-decisions.ts), and the
// credit lines they open; the operator raises, lowers, suspends, reopens or
// closes a line. Every change records its event in its transaction.
import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import { ResourceMissingError, StateError } from '../common/errors';
import { newId } from '../common/ids';
import { type ListQueryDto, type ListResponse, paginate } from '../common/pagination';
import { AccountsService } from '../accounts/accounts.service';
import { DatabaseService } from '../database/database.service';
import { EventsService } from '../events/events.service';
import { type CreditLine, Prisma } from '../generated/prisma/client';
import { LedgerService } from '../ledger/ledger.service';
import { lockCustomers } from '../wallets/wallet-customers';
import { daysBetween } from './calendar';
import { CreditCalendar } from './calendar-day';
import { type CreditFacts, decideCredit, INFLOW_WINDOW_DAYS } from './credit-decisions';
import type { CreateCreditApplicationDto, UpdateCreditLineDto } from './credit-lines.dto';
import {
  creditApplicationView,
  type CreditApplicationView,
  creditLineView,
  type CreditLineView,
} from './credit-lines.view';

const DAY_MS = 86_400_000;

function lineExists(): StateError {
  return new StateError('credit_line_exists', 'This customer already has a line on this product.');
}

@Injectable()
export class CreditLinesService {
  constructor(
    private readonly db: DatabaseService,
    private readonly ledger: LedgerService,
    private readonly accounts: AccountsService,
    private readonly events: EventsService,
    private readonly calendar: CreditCalendar,
  ) {}

  /** Decides at once: approved with a line, or declined with every reason. Both are recorded. */
  async apply(customerId: string, input: CreateCreditApplicationDto, now = new Date()): Promise<CreditApplicationView> {
    try {
      return await this.db.transaction(async (tx) => {
        // One application per customer at a time: each one's limit takes the others' into account.
        await this.db.sql.query('SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtextextended($1::text, 0))', [
          `credit-application:${customerId}`,
        ]);
        // FOR SHARE: a freeze (which takes the row FOR UPDATE) waits for the decision, or the decision sees it.
        const [customer] = await lockCustomers(this.db.sql, [customerId]);
        if (!customer) throw new ResourceMissingError('customer', customerId);
        const product = await tx.creditProduct.findUnique({ where: { id: input.product } });
        if (!product || product.status !== 'active') {
          throw new ResourceMissingError('credit_product', input.product, 'product');
        }
        const lines = await tx.creditLine.findMany({
          where: { customerId, currency: product.currency, status: { not: 'closed' } },
          select: { productId: true, creditLimit: true },
        });
        // One line per customer and product, whatever its status (a closed one is closed for good).
        const existing = await tx.creditLine.findUnique({
          where: { customerId_productId: { customerId, productId: product.id } },
          select: { id: true },
        });
        if (existing) throw lineExists();
        const { createdAt } = await tx.customer.findUniqueOrThrow({
          where: { id: customerId },
          select: { createdAt: true },
        });
        const tierLimit = [product.limitTier1, product.limitTier2, product.limitTier3][customer.tier - 1] ?? 0n;
        const facts: CreditFacts = {
          wallet_status: customer.status,
          kyc_tier: customer.tier,
          // Calendar days in the bank's time zone, as every credit date.
          account_age_days: daysBetween(this.calendar.dayOf(createdAt), this.calendar.dayOf(now)),
          inflows_90d: String(await this.inflows(customerId, product.currency, now)),
          delinquent: await this.delinquent(customerId, now),
          other_limits: String(lines.reduce((sum, line) => sum + line.creditLimit, 0n)),
          tier_limit: String(tierLimit),
          min_amount: String(product.minAmount),
        };
        const outcome = decideCredit(facts);
        const application = newId('creditApplication');
        let line: CreditLine | null = null;
        if (outcome.decision === 'approved') {
          line = await tx.creditLine.create({
            data: {
              id: newId('creditLine'),
              customerId,
              productId: product.id,
              currency: product.currency,
              creditLimit: outcome.limit,
            },
          });
        }
        const recorded = await tx.creditApplication.create({
          data: {
            id: application,
            customerId,
            productId: product.id,
            decision: outcome.decision,
            reasons: outcome.reasons,
            facts: facts as unknown as Prisma.InputJsonObject,
            creditLimit: outcome.limit,
            lineId: line?.id ?? null,
          },
        });
        const view = creditApplicationView(recorded);
        this.events.record(
          this.db.sql,
          line
            ? { type: 'credit_line.approved', owner: 'platform', object: creditLineView(line) }
            : { type: 'credit_application.declined', owner: 'platform', object: view },
        );
        return view;
      });
    } catch (error) {
      // Two applications at once for one product: the unique index keeps one line.
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw lineExists();
      throw error;
    }
  }

  /** The operator sees every line; a customer its own. */
  async list(principal: Principal, query: ListQueryDto): Promise<ListResponse<CreditLineView>> {
    const own = principal.type === 'customer' ? { customerId: principal.id } : {};
    return paginate(
      query,
      '/v1/credit/lines',
      (w) =>
        this.db.client.creditLine.findMany({
          where: { ...own, id: w.idFilter },
          orderBy: { id: w.orderBy },
          take: w.take,
        }),
      creditLineView,
    );
  }

  async retrieve(principal: Principal, id: string): Promise<CreditLineView> {
    const line = await this.db.client.creditLine.findUnique({ where: { id } });
    if (!line || (principal.type === 'customer' && line.customerId !== principal.id)) {
      throw new ResourceMissingError('credit_line', id);
    }
    return creditLineView(line);
  }

  /**
   * The operator's changes: a new limit (lowering it below what is owed
   * lends nothing more; nothing is called in), or a status. `closed` is for
   * good: a closed line is never reopened.
   */
  async update(id: string, input: UpdateCreditLineDto): Promise<CreditLineView> {
    return this.db.transaction(async (tx) => {
      const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM credit_lines WHERE id = ${id} FOR UPDATE`;
      if (locked.length === 0) throw new ResourceMissingError('credit_line', id);
      const line = await tx.creditLine.findUniqueOrThrow({ where: { id } });
      if (line.status === 'closed' && (input.status ?? 'closed') !== 'closed') {
        throw new StateError('credit_line_closed', 'A closed line cannot be reopened.');
      }
      if (input.status === 'closed' && line.principalOutstanding > 0n) {
        throw new StateError('credit_line_in_use', 'A line whose loans still owe principal cannot be closed.');
      }
      if (input.limit !== undefined && line.status === 'closed') {
        throw new StateError('credit_line_closed', 'A closed line has no limit to change.');
      }
      const updated = await tx.creditLine.update({
        where: { id },
        data: {
          ...(input.limit !== undefined ? { creditLimit: BigInt(input.limit) } : {}),
          ...(input.status !== undefined ? { status: input.status } : {}),
        },
      });
      const view = creditLineView(updated);
      const event =
        statusEvent(line.status, updated.status) ??
        (updated.creditLimit !== line.creditLimit ? 'credit_line.updated' : null);
      if (event) this.events.record(this.db.sql, { type: event, owner: 'platform', object: view });
      return view;
    });
  }

  /**
   * Money into the customer's wallet in `currency` over the last 90 days
   * (90 x 24 hours), the customer's own loans excluded: what the wallet
   * account was credited since then, less what the loans-receivable account
   * was debited (drawdowns) since then. Both read from the ledger's records,
   * on the database's clock.
   */
  private async inflows(customerId: string, currency: string, now: Date): Promise<bigint> {
    const since = new Date(now.getTime() - INFLOW_WINDOW_DAYS * DAY_MS);
    const [wallets, loans] = await Promise.all([
      this.accounts.walletBalances(customerId),
      this.accounts.loansReceivableBalances(customerId),
    ]);
    const change = async (accounts: typeof wallets, side: 'creditsPosted' | 'debitsPosted') => {
      const account = accounts.find((a) => a.currency === currency);
      if (!account) return 0n;
      const then = await this.ledger.balancesAt(account.accountId, since);
      return account.balances[side] - then[side];
    };
    const inflows = (await change(wallets, 'creditsPosted')) - (await change(loans, 'debitsPosted'));
    return inflows > 0n ? inflows : 0n;
  }

  /** An instalment unpaid past its due date and grace days (in the bank's time zone), or a loan written off. */
  private async delinquent(customerId: string, now: Date): Promise<boolean> {
    const today = this.calendar.dayOf(now);
    const [{ delinquent }] = await this.db.client.$queryRaw<{ delinquent: boolean }[]>`
      SELECT EXISTS (
        SELECT 1 FROM loans l WHERE l.customer_id = ${customerId} AND l.status = 'written_off'
      ) OR EXISTS (
        SELECT 1 FROM loans l JOIN loan_installments i ON i.loan_id = l.id
         WHERE l.customer_id = ${customerId} AND l.status = 'active'
           AND (i.principal_paid < i.principal OR i.interest_paid < i.interest)
           AND i.due_date + l.grace_days < ${today}::date
      ) AS delinquent`;
    return delinquent;
  }
}

/** The event of a status change by the operator, if any. */
function statusEvent(from: CreditLine['status'], to: CreditLine['status']): string | null {
  if (from === to) return null;
  if (to === 'suspended') return 'credit_line.suspended';
  if (to === 'closed') return 'credit_line.closed';
  return 'credit_line.reopened';
}
