// Credit products (the operator's) and quotes (a customer's or the
// operator's): what a loan of a product would cost, computed with the
// schedule and APR of schedule.ts and apr.ts, committing nothing.
import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import { InvalidRequestError, ResourceMissingError } from '../common/errors';
import { newId } from '../common/ids';
import { type ListQueryDto, type ListResponse, paginate } from '../common/pagination';
import { DatabaseService } from '../database/database.service';
import type { CreditProduct } from '../generated/prisma/client';
import { annualPercentageRate } from './apr';
import { CreditCalendar } from './calendar-day';
import { checkProductAmounts, checkProductRates } from './credit-products';
import type { CreateCreditProductDto, CreateCreditQuoteDto, UpdateCreditProductDto } from './credit-products.dto';
import { creditProductView, type CreditProductView, rateString } from './credit-products.view';
import { creditQuoteView, type CreditQuoteView } from './credit-quotes.view';
import { buildSchedule, type RepaymentMethod } from './schedule';

@Injectable()
export class CreditProductsService {
  constructor(
    private readonly db: DatabaseService,
    private readonly calendar: CreditCalendar,
  ) {}

  async create(input: CreateCreditProductDto): Promise<CreditProductView> {
    checkProductRates(input.daily_rate, input.penalty_daily_rate);
    checkProductAmounts(input.min_amount, input.max_amount);
    const product = await this.db.client.creditProduct.create({
      data: {
        id: newId('creditProduct'),
        name: input.name,
        currency: input.currency,
        dailyRate: input.daily_rate,
        penaltyDailyRate: input.penalty_daily_rate,
        // Ascending: the order customers are shown them in.
        terms: [...input.terms].sort((a, b) => a - b),
        repaymentMethods: input.repayment_methods,
        minAmount: BigInt(input.min_amount),
        maxAmount: BigInt(input.max_amount),
        limitTier1: BigInt(input.limits_by_kyc_tier.tier_1),
        limitTier2: BigInt(input.limits_by_kyc_tier.tier_2),
        limitTier3: BigInt(input.limits_by_kyc_tier.tier_3),
        graceDays: input.grace_days,
        metadata: input.metadata ?? {},
      },
    });
    return creditProductView(product);
  }

  /** The operator lists every product; a customer only those offered (active). */
  async list(principal: Principal, query: ListQueryDto): Promise<ListResponse<CreditProductView>> {
    const offeredOnly = principal.type === 'operator' ? {} : { status: 'active' as const };
    return paginate(
      query,
      '/v1/credit/products',
      (window) =>
        this.db.client.creditProduct.findMany({
          where: { ...offeredOnly, ...(window.idFilter ? { id: window.idFilter } : {}) },
          orderBy: { id: window.orderBy },
          take: window.take,
        }),
      creditProductView,
    );
  }

  async retrieve(principal: Principal, id: string): Promise<CreditProductView> {
    return creditProductView(await this.visible(principal, id));
  }

  async update(id: string, input: UpdateCreditProductDto): Promise<CreditProductView> {
    const found = await this.db.client.creditProduct.findUnique({ where: { id }, select: { id: true } });
    if (!found) throw new ResourceMissingError('credit_product', id);
    const limits = input.limits_by_kyc_tier;
    const product = await this.db.client.creditProduct.update({
      where: { id },
      data: {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.status !== undefined ? { status: input.status } : {}),
        ...(input.metadata !== undefined ? { metadata: input.metadata } : {}),
        ...(limits
          ? { limitTier1: BigInt(limits.tier_1), limitTier2: BigInt(limits.tier_2), limitTier3: BigInt(limits.tier_3) }
          : {}),
      },
    });
    return creditProductView(product);
  }

  /** What a loan would cost if drawn today: its schedule, total interest and APR. */
  async quote(principal: Principal, input: CreateCreditQuoteDto, now = new Date()): Promise<CreditQuoteView> {
    const product = await this.visible(principal, input.product, 'product');
    if (product.status !== 'active') {
      throw new InvalidRequestError('product_retired', 'This credit product is no longer offered.', 'product');
    }
    checkLoanTerms(product, input.amount, input.term, input.repayment_method);
    const dailyRate = rateString(product.dailyRate);
    const drawdownDate = this.calendar.dayOf(now);
    const schedule = buildSchedule({
      principal: BigInt(input.amount),
      dailyRate,
      termMonths: input.term,
      method: input.repayment_method,
      drawdownDate,
    });
    return creditQuoteView({
      at: now,
      product: product.id,
      currency: product.currency,
      term: input.term,
      method: input.repayment_method,
      dailyRate,
      drawdownDate,
      schedule,
      // No fees: the borrower receives the whole amount and pays the instalments.
      annualPercentageRate: annualPercentageRate({
        amountReceived: schedule.totals.principal,
        drawdownDate,
        payments: schedule.instalments.map((instalment) => ({ date: instalment.due_date, amount: instalment.total })),
      }),
    });
  }

  /** The product, if this principal may see it: the operator any; a customer only an active one (else 404). */
  private async visible(principal: Principal, id: string, param?: string): Promise<CreditProduct> {
    const product = await this.db.client.creditProduct.findUnique({ where: { id } });
    if (!product || (principal.type !== 'operator' && product.status !== 'active')) {
      throw new ResourceMissingError('credit_product', id, param);
    }
    return product;
  }
}

/** A loan's amount, term and method as the product allows them, else a 400 naming the field. */
export function checkLoanTerms(
  product: Pick<CreditProduct, 'minAmount' | 'maxAmount' | 'terms' | 'repaymentMethods'>,
  amount: number,
  term: number,
  method: RepaymentMethod,
): void {
  if (BigInt(amount) < product.minAmount || BigInt(amount) > product.maxAmount) {
    throw new InvalidRequestError(
      'amount_out_of_range',
      `Invalid amount: this product lends from ${product.minAmount} to ${product.maxAmount}.`,
      'amount',
    );
  }
  if (!product.terms.includes(term)) {
    throw new InvalidRequestError(
      'term_not_offered',
      `Invalid term: this product offers ${product.terms.join(', ')} months.`,
      'term',
    );
  }
  if (!product.repaymentMethods.includes(method)) {
    throw new InvalidRequestError(
      'repayment_method_not_offered',
      `Invalid repayment_method: this product offers ${product.repaymentMethods.join(', ')}.`,
      'repayment_method',
    );
  }
}
