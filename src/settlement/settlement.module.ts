import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { PaymentsModule } from '../payments/payments.module';
import { AccountsModule } from '../accounts/accounts.module';
import { PayoutsService } from './payouts.service';
import { SettlementController } from './settlement.controller';
import { SettlementService } from './settlement.service';

@Module({
  imports: [LedgerModule, AccountsModule, PaymentsModule],
  controllers: [SettlementController],
  providers: [SettlementService, PayoutsService],
  exports: [SettlementService, PayoutsService],
})
export class SettlementModule {}
