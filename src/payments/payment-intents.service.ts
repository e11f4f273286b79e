// Payment intents: a merchant asks for a payment, a customer's wallet app
// scans its QR code and confirms, the merchant captures or cancels. Every
// money movement is a ledger entry posted in the same transaction as the
// intent's state change and its event; transfer ids are derived from the
// intent's id (payment-intents.model.ts), so a retried step can never move
// money twice.
//
// This service is the capability's entry point and its reads; each change
// is a use case of its own: CreatePaymentIntents and ConfirmPaymentIntents
// (group-committed), CapturePaymentIntent, CancelPaymentIntents (cancel and
// expiry). Their SQL is in PaymentIntentsRepository.
import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import { ResourceMissingError } from '../common/errors';
import { paginate } from '../common/pagination';
import { DatabaseService } from '../database/database.service';
import type { GroupOutcome } from '../idempotency/group-committed';
import { CancelPaymentIntents } from './cancel-payment-intents';
import { CapturePaymentIntent } from './capture-payment-intent';
import { ConfirmPaymentIntents, type ConfirmIntentRequest } from './confirm-payment-intents';
import { CreatePaymentIntents, type CreateIntentRequest } from './create-payment-intents';
import type {
  CancelPaymentIntentDto,
  CapturePaymentIntentDto,
  ListPaymentIntentsQueryDto,
} from './payment-intents.dto';
import { visibleTo, type ExpiryOutcome } from './payment-intents.model';
import {
  payerPaymentIntentView,
  paymentIntentView,
  type PayerPaymentIntentView,
  type PaymentIntentView,
} from './payment-intents.view';

export { PAYMENT_JOBS, paymentTransferIds, type ExpiryOutcome } from './payment-intents.model';
export type { ConfirmIntentRequest } from './confirm-payment-intents';
export type { CreateIntentRequest } from './create-payment-intents';

@Injectable()
export class PaymentIntentsService {
  constructor(
    private readonly db: DatabaseService,
    private readonly creations: CreatePaymentIntents,
    private readonly confirmations: ConfirmPaymentIntents,
    private readonly captures: CapturePaymentIntent,
    private readonly cancellations: CancelPaymentIntents,
  ) {}

  /** Creates the intent in the next batch; resolves with the request's answer. */
  create(request: CreateIntentRequest): Promise<GroupOutcome> {
    return this.creations.submit(request);
  }

  /** The customer pays, in the next batch of confirmations; resolves with the request's answer. */
  confirm(request: ConfirmIntentRequest): Promise<GroupOutcome> {
    return this.confirmations.submit(request);
  }

  capture(merchantId: string, id: string, input: CapturePaymentIntentDto): Promise<PaymentIntentView> {
    return this.captures.capture(merchantId, id, input);
  }

  cancel(merchantId: string, id: string, input: CancelPaymentIntentDto): Promise<PaymentIntentView> {
    return this.cancellations.cancel(merchantId, id, input);
  }

  /** Cancels the intent if its time is up (the delayed job's work). */
  expire(id: string): Promise<ExpiryOutcome> {
    return this.cancellations.expire(id);
  }

  /** The sweeper: every intent whose time is up. */
  expireDue(limit?: number): Promise<number> {
    return this.cancellations.expireDue(limit);
  }

  /**
   * A merchant reads its own intents; a customer reads an open intent (to pay
   * it) or one it paid, in the payer's view.
   */
  async retrieve(principal: Principal, id: string): Promise<PaymentIntentView | PayerPaymentIntentView> {
    if (principal.type !== 'customer') {
      const intent = await this.db.client.paymentIntent.findUnique({ where: { id } });
      if (!intent || !visibleTo(principal, intent)) throw new ResourceMissingError('payment_intent', id, 'id');
      return paymentIntentView(intent);
    }
    // Only the payer's view names the merchant.
    const intent = await this.db.client.paymentIntent.findUnique({
      where: { id },
      include: { merchant: { select: { name: true } } },
    });
    if (!intent || !visibleTo(principal, intent)) throw new ResourceMissingError('payment_intent', id, 'id');
    return payerPaymentIntentView(intent, intent.merchant.name);
  }

  async list(merchantId: string, query: ListPaymentIntentsQueryDto) {
    return paginate(
      query,
      '/v1/payment_intents',
      (w) =>
        this.db.client.paymentIntent.findMany({
          where: { merchantId, id: w.idFilter, ...(query.status ? { status: query.status } : {}) },
          orderBy: { id: w.orderBy },
          take: w.take,
        }),
      paymentIntentView,
    );
  }

  /** The merchant's own intent, for the QR image. */
  async qrCodeOf(merchantId: string, id: string): Promise<string> {
    const intent = await this.db.client.paymentIntent.findUnique({ where: { id } });
    if (!intent || intent.merchantId !== merchantId) throw new ResourceMissingError('payment_intent', id, 'id');
    return paymentIntentView(intent).qr_code;
  }
}
