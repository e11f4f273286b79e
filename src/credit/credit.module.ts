import { Module } from '@nestjs/common';
import { CreditCalendar } from './calendar-day';
import { CreditController } from './credit.controller';
import { CreditSubledger } from './credit-subledger';
import { CreditProductsService } from './credit-products.service';
import { CreditLinesService } from './credit-lines.service';
import { LoansService } from './loans.service';
import { AccountsModule } from '../accounts/accounts.module';
import { LedgerModule } from '../ledger/ledger.module';
import { WalletsModule } from '../wallets/wallets.module';

@Module({
  imports: [AccountsModule, LedgerModule, WalletsModule],
  controllers: [CreditController],
  providers: [CreditProductsService, CreditLinesService, LoansService, CreditCalendar, CreditSubledger],
})
export class CreditModule {}
