// Today's calendar date in the bank's credit time zone (CREDIT_TIME_ZONE): the
// day a loan is drawn, quoted, or accrues.
import { Injectable } from '@nestjs/common';
import { calendarDayIn } from '../common/calendar-day';
import { AppConfig } from '../config/configuration';

@Injectable()
export class CreditCalendar {
  /** The calendar date of a moment ('YYYY-MM-DD'). */
  readonly dayOf: (at: Date) => string;

  constructor(config: AppConfig) {
    this.dayOf = calendarDayIn(config.creditTimeZone);
  }
}
