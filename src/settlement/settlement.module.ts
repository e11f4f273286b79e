import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { PaymentsModule } from '../payments/payments.module';
import { PayoutsService } from './payouts.service';
import { SettlementController } from './settlement.controller';
import { SettlementService } from './settlement.service';

@Module({
  imports: [LedgerModule, PaymentsModule],
  controllers: [SettlementController],
  providers: [SettlementService, PayoutsService],
  exports: [SettlementService, PayoutsService],
})
export class SettlementModule {}
