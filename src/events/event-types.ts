/** Every event type Tally records, by the owner that receives it. */
export const MERCHANT_EVENT_TYPES = [
  'payment_intent.created',
  'payment_intent.requires_capture',
  'payment_intent.succeeded',
  'payment_intent.canceled',
  'payment_intent.payment_failed',
  'refund.succeeded',
  'refund.failed',
  'settlement.completed',
  'payout.paid',
  'payout.failed',
  'webhook_endpoint.disabled',
] as const;

export const PLATFORM_EVENT_TYPES = [
  'wallet.top_up.succeeded',
  'wallet.top_up.failed',
  'wallet.transfer.sent',
  'wallet.transfer.received',
  'wallet.withdrawal.paid',
  'wallet.withdrawal.failed',
  'customer.frozen',
  'customer.unfrozen',
  'customer.updated',
  'credit_line.approved',
  'credit_line.updated',
  'credit_application.declined',
  'credit_line.suspended',
  'credit_line.reopened',
  'credit_line.closed',
  'loan.disbursed',
  'webhook_endpoint.disabled',
] as const;

export const EVENT_TYPES = [...new Set<string>([...MERCHANT_EVENT_TYPES, ...PLATFORM_EVENT_TYPES])];
