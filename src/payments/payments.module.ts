import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { WalletsModule } from '../wallets/wallets.module';
import { PaymentAccountsService } from './payment-accounts.service';
import { PaymentIntentsController } from './payment-intents.controller';
import { PaymentIntentsService } from './payment-intents.service';

@Module({
  imports: [LedgerModule, WalletsModule],
  controllers: [PaymentIntentsController],
  providers: [PaymentAccountsService, PaymentIntentsService],
  exports: [PaymentAccountsService, PaymentIntentsService],
})
export class PaymentsModule {}
