import { Setting, SettingsGroup, TimeZone } from '../setting';

@SettingsGroup({ title: 'Credit', description: 'Credit products, quotes and loans (see docs/credit.md).' })
export class CreditSettings {
  @Setting({
    env: 'CREDIT_TIME_ZONE',
    default: 'Asia/Shanghai',
    description:
      "The time zone whose calendar day a loan is drawn on (its due dates' anchor) and whose days interest counts.",
  })
  @TimeZone()
  creditTimeZone!: string;
}
