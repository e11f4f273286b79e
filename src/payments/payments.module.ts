import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { LedgerModule } from '../ledger/ledger.module';
import { WalletsModule } from '../wallets/wallets.module';
import { CancelPaymentIntents } from './cancel-payment-intents';
import { CapturePaymentIntent } from './capture-payment-intent';
import { ConfirmPaymentIntents } from './confirm-payment-intents';
import { CreatePaymentIntents } from './create-payment-intents';
import { PaymentIntentsController } from './payment-intents.controller';
import { PaymentIntentsRepository } from './payment-intents.repository';
import { PaymentIntentsService } from './payment-intents.service';
import { RefundsController } from './refunds.controller';
import { RefundsService } from './refunds.service';
import { SettleablePayments } from './settleable-payments';

/** Payment intents and refunds; payments are paid from wallets (WalletsModule), never the other way. */
@Module({
  imports: [LedgerModule, AccountsModule, WalletsModule],
  controllers: [PaymentIntentsController, RefundsController],
  providers: [
    PaymentIntentsRepository,
    CreatePaymentIntents,
    ConfirmPaymentIntents,
    CapturePaymentIntent,
    CancelPaymentIntents,
    PaymentIntentsService,
    RefundsService,
    SettleablePayments,
  ],
  exports: [PaymentIntentsService, RefundsService, SettleablePayments],
})
export class PaymentsModule {}
