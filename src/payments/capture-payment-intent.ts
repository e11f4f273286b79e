// Capturing a held payment: once, all or part of it; the rest goes back to
// the customer. The intent's change, its settlement job, its event and its
// postings (the hold posted, the fee taken) commit together.
import { Injectable } from '@nestjs/common';
import { AccountsService } from '../accounts/accounts.service';
import { InvalidRequestError, ResourceMissingError, StateError } from '../common/errors';
import { toMinorUnits } from '../common/money';
import { DatabaseService } from '../database/database.service';
import { EventsService } from '../events/events.service';
import type { TransferRequest } from '../ledger/ledger.model';
import { LedgerService } from '../ledger/ledger.service';
import { OutboxService } from '../outbox/outbox.service';
import type { CapturePaymentIntentDto } from './payment-intents.dto';
import { expectStatus, feeOf, feeTransfer, paymentTransferIds, settlementJob } from './payment-intents.model';
import { PaymentIntentsRepository } from './payment-intents.repository';
import { paymentIntentView, type PaymentIntentView } from './payment-intents.view';

@Injectable()
export class CapturePaymentIntent {
  constructor(
    private readonly db: DatabaseService,
    private readonly intents: PaymentIntentsRepository,
    private readonly ledger: LedgerService,
    private readonly accounts: AccountsService,
    private readonly events: EventsService,
    private readonly outbox: OutboxService,
  ) {}

  async capture(merchantId: string, id: string, input: CapturePaymentIntentDto): Promise<PaymentIntentView> {
    return this.db.sqlTransaction(async (sql) => {
      const intent = await this.intents.lock(sql, id);
      if (!intent || intent.merchantId !== merchantId) throw new ResourceMissingError('payment_intent', id, 'id');
      expectStatus(intent, ['requires_capture'], 'capture');
      if (intent.authorizationExpiresAt && intent.authorizationExpiresAt.getTime() <= Date.now()) {
        throw new StateError('authorization_expired', 'The authorization has expired; the hold is being released.');
      }
      const amount =
        input.amount_to_capture === undefined ? intent.amountCapturable : toMinorUnits(input.amount_to_capture);
      if (amount > intent.amountCapturable) {
        throw new InvalidRequestError(
          'amount_too_large',
          `amount_to_capture must be at most the amount capturable (${intent.amountCapturable}).`,
          'amount_to_capture',
        );
      }
      const ids = paymentTransferIds(id);
      const fee = feeOf(intent, intent.currency, amount);
      const transfers: TransferRequest[] = [
        { id: ids.capture, kind: 'post_pending', pendingId: ids.authorization, amount },
      ];
      if (fee > 0n) {
        const [merchantPending, revenue] = await Promise.all([
          this.accounts.merchantPending(intent.merchantId, intent.currency),
          this.accounts.feeRevenue(intent.currency),
        ]);
        transfers.push(feeTransfer(intent, fee, merchantPending, revenue));
      }
      const captured = await this.intents.update(
        sql,
        id,
        `status = 'succeeded', amount_received = $2::bigint, amount_capturable = 0, fee = $3::bigint,
         succeeded_at = now()`,
        [amount, fee],
      );
      this.outbox.enqueue(sql, settlementJob(captured, intent.settlementDelaySeconds));
      const view = paymentIntentView(captured);
      this.events.record(sql, { type: 'payment_intent.succeeded', owner: `merchant:${merchantId}`, object: view });
      await this.ledger.postEntry(transfers);
      return view;
    });
  }
}
