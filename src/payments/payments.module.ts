import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { WalletsModule } from '../wallets/wallets.module';
import { PaymentAccountsService } from './payment-accounts.service';
import { PaymentIntentsController } from './payment-intents.controller';
import { PaymentIntentsService } from './payment-intents.service';
import { RefundsController } from './refunds.controller';
import { RefundsService } from './refunds.service';

@Module({
  imports: [LedgerModule, WalletsModule],
  controllers: [PaymentIntentsController, RefundsController],
  providers: [PaymentAccountsService, PaymentIntentsService, RefundsService],
  exports: [PaymentAccountsService, PaymentIntentsService, RefundsService],
})
export class PaymentsModule {}
