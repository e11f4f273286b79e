import { Check, Flag, IN_PRODUCTION, Integer, OneOf, Setting, SettingsGroup } from '../setting';

@SettingsGroup({
  title: 'Payments and the bank',
  description: 'Payment intents, and the bank connector that moves the money.',
})
export class PaymentSettings {
  @Setting({
    env: 'PAYMENT_AUTHORIZATION_WINDOW_SECONDS',
    default: 7 * 86_400,
    description:
      'A manual-capture payment not captured within this is canceled and its hold voided (7 days by default).',
  })
  @Integer({ min: 1, max: 30 * 86_400 })
  paymentAuthorizationWindowSeconds!: number;

  @Setting({
    env: 'BANK_CONNECTOR',
    default: 'sandbox',
    description:
      "The bank connector; `sandbox` is the only one built in (see the sandbox bank's test amounts in docs/payments.md).",
  })
  @Check(
    'isAllowedInProduction',
    (connector, settings: PaymentSettings) => connector !== 'sandbox' || settings.allowSandboxBank === true,
    'the sandbox bank moves no real money; in production set ALLOW_SANDBOX_BANK=true to run it anyway (staging)',
    IN_PRODUCTION,
  )
  @OneOf(['sandbox'])
  bankConnector!: 'sandbox';

  @Setting({
    env: 'ALLOW_SANDBOX_BANK',
    default: false,
    description:
      'Production refuses the sandbox bank, which moves no real money, unless this is `true` (a staging system; ' +
      'docker-compose.yml sets it).',
  })
  @Flag()
  allowSandboxBank!: boolean;

  @Setting({
    env: 'SANDBOX_BANK_LATENCY_MS',
    default: 50,
    description: 'How long each call to the sandbox bank takes, so that it behaves asynchronously like a bank.',
  })
  @Integer({ min: 0, max: 60_000 })
  sandboxBankLatencyMs!: number;

  @Setting({
    env: 'SETTLEMENT_SWEEP_SECONDS',
    default: 60,
    description: 'How often the worker settles payments whose settlement delay has passed (beside the delayed jobs).',
  })
  @Integer({ min: 1, max: 3_600 })
  settlementSweepSeconds!: number;
}
