// Every setting, by concern, in the order the docs list them.
import { CreditSettings } from './credit';
import { DatabaseSettings } from './database';
import { LedgerSettings } from './ledger';
import { PaymentSettings } from './payments';
import { QueueSettings } from './queues';
import { RateLimitSettings } from './rate-limits';
import { SecuritySettings } from './security';
import { ServerSettings } from './server';
import { WalletSettings } from './wallets';
import { WebhookSettings } from './webhooks';

export const SETTINGS_CLASSES = [
  ServerSettings,
  DatabaseSettings,
  QueueSettings,
  SecuritySettings,
  RateLimitSettings,
  LedgerSettings,
  PaymentSettings,
  WalletSettings,
  CreditSettings,
  WebhookSettings,
] as const;

type Intersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/** The parsed value of every setting, by AppConfig property. */
export type SettingValues = Intersection<InstanceType<(typeof SETTINGS_CLASSES)[number]>>;
