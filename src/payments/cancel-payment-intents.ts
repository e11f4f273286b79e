// Canceling payment intents: by the merchant (unpaid or held), and when their
// time is up (unconfirmed past `expires_at`, or held past
// `authorization_expires_at`), by the delayed job and the sweeper. A held
// intent's hold is voided in the transaction that cancels it.
import { Injectable } from '@nestjs/common';
import { ResourceMissingError } from '../common/errors';
import { DatabaseService } from '../database/database.service';
import type { Sql } from '../database/sql';
import { EventsService } from '../events/events.service';
import type { PaymentIntent } from '../generated/prisma/client';
import { LedgerService } from '../ledger/ledger.service';
import type { CancelPaymentIntentDto } from './payment-intents.dto';
import { expectStatus, paymentTransferIds, type ExpiryOutcome } from './payment-intents.model';
import { PaymentIntentsRepository } from './payment-intents.repository';
import { paymentIntentView, type PaymentIntentView } from './payment-intents.view';

@Injectable()
export class CancelPaymentIntents {
  constructor(
    private readonly db: DatabaseService,
    private readonly intents: PaymentIntentsRepository,
    private readonly ledger: LedgerService,
    private readonly events: EventsService,
  ) {}

  /** Cancels an unpaid or held intent; a hold is released. */
  async cancel(merchantId: string, id: string, input: CancelPaymentIntentDto): Promise<PaymentIntentView> {
    return this.db.sqlTransaction(async (sql) => {
      const intent = await this.intents.lock(sql, id);
      if (!intent || intent.merchantId !== merchantId) throw new ResourceMissingError('payment_intent', id, 'id');
      expectStatus(intent, ['requires_payment_method', 'requires_capture'], 'cancel');
      return this.cancelLocked(sql, intent, input.cancellation_reason ?? 'requested_by_customer');
    });
  }

  /**
   * Cancels an intent whose time is up. Run by the delayed job and by the
   * sweeper; the database decides, so a second run does nothing.
   */
  async expire(id: string): Promise<ExpiryOutcome> {
    return this.db.sqlTransaction(async (sql) => {
      const intent = await this.intents.lock(sql, id);
      if (!intent) return 'nothing_to_do';
      const now = Date.now();
      if (intent.status === 'requires_payment_method') {
        if (intent.expiresAt.getTime() > now) return 'not_due';
        await this.cancelLocked(sql, intent, 'expired');
        return 'canceled';
      }
      if (intent.status === 'requires_capture') {
        if (!intent.authorizationExpiresAt || intent.authorizationExpiresAt.getTime() > now) return 'not_due';
        await this.cancelLocked(sql, intent, 'authorization_expired');
        return 'canceled';
      }
      return 'nothing_to_do';
    });
  }

  /** The sweeper: every intent whose time is up, a page at a time. */
  async expireDue(limit = 200): Promise<number> {
    const due = await this.db.prisma.paymentIntent.findMany({
      where: {
        OR: [
          { status: 'requires_payment_method', expiresAt: { lte: new Date() } },
          { status: 'requires_capture', authorizationExpiresAt: { lte: new Date() } },
        ],
      },
      select: { id: true },
      take: limit,
    });
    let canceled = 0;
    for (const { id } of due) if ((await this.expire(id)) === 'canceled') canceled++;
    return canceled;
  }

  private async cancelLocked(sql: Sql, intent: PaymentIntent, reason: string): Promise<PaymentIntentView> {
    const canceled = await this.intents.update(
      sql,
      intent.id,
      "status = 'canceled', amount_capturable = 0, cancellation_reason = $2::text, canceled_at = now()",
      [reason],
    );
    const view = paymentIntentView(canceled);
    this.events.record(sql, { type: 'payment_intent.canceled', owner: `merchant:${intent.merchantId}`, object: view });
    if (intent.status === 'requires_capture') {
      const ids = paymentTransferIds(intent.id);
      await this.ledger.postEntry([{ id: ids.void, kind: 'void_pending', pendingId: ids.authorization }]);
    }
    return view;
  }
}
