import { Module } from '@nestjs/common';
import { CreditCalendar } from './calendar-day';
import { CreditController } from './credit.controller';
import { CreditProductsService } from './credit-products.service';

@Module({ controllers: [CreditController], providers: [CreditProductsService, CreditCalendar] })
export class CreditModule {}
