// Webhook endpoints, their delivery attempts and events as the API answers
// them (see docs/webhooks.md). An event's body is also what a delivery POSTs.
import { ApiExtraModels, ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { ApiEnum, ApiId, ApiObjectName, ApiTimestamp } from '../common/api-properties';
import { unixSeconds } from '../common/ids';
import { ListView } from '../common/pagination';
import { EVENT_TYPES, MERCHANT_EVENT_TYPES, PLATFORM_EVENT_TYPES } from '../events/event-types';
import type { Event, WebhookAttempt, WebhookEndpoint } from '../generated/prisma/client';
import { MAX_RESPONSE_EXCERPT_BYTES } from './safe-http';
import { ENABLED_EVENT_VALUES } from './webhooks.dto';
import { CreditApplicationView, CreditLineView } from '../credit/credit-lines.view';
import { LoanView } from '../credit/loans.view';
import { CustomerView } from '../customers/customers.view';
import { PaymentIntentView } from '../payments/payment-intents.view';
import { RefundView } from '../payments/refunds.view';
import { PayoutView } from '../settlement/payouts.view';
import { SettlementWithPaymentsView } from '../settlement/settlement.view';
import { WalletTopUpView, WalletTransferView, WalletWithdrawalView } from '../wallets/wallets.view';

type EventType = (typeof MERCHANT_EVENT_TYPES)[number] | (typeof PLATFORM_EVENT_TYPES)[number];

const ENDPOINT_STATUSES = ['enabled', 'disabled'] as const;
/**
 * Why an endpoint is disabled: its owner disabled it, it answered 410 Gone,
 * or its attempts all failed for WEBHOOK_DISABLE_AFTER_HOURS (set in
 * WebhookEndpointsService.setEnabled and WebhookDeliveryService.noteFailure).
 */
const DISABLED_REASONS = ['disabled_by_owner', 'gone', 'failing'] as const;

export class WebhookEndpointView {
  @ApiId('we')
  id!: string;

  @ApiObjectName('webhook_endpoint')
  object!: 'webhook_endpoint';

  @ApiTimestamp()
  created!: number;

  @ApiProperty({
    format: 'uri',
    example: 'https://example.com/tally/webhooks',
    description: 'Where events are POSTed.',
  })
  url!: string;

  @ApiProperty({ type: 'string', nullable: true })
  description!: string | null;

  @ApiProperty({
    enum: ENABLED_EVENT_VALUES,
    isArray: true,
    description: "The event types it receives; `*` is all of the owner's.",
  })
  enabled_events!: string[];

  @ApiEnum(ENDPOINT_STATUSES)
  status!: (typeof ENDPOINT_STATUSES)[number];

  @ApiEnum(DISABLED_REASONS, { nullable: true, description: 'Why it is disabled; null while enabled.' })
  disabled_reason!: (typeof DISABLED_REASONS)[number] | null;
}

/** What creating an endpoint and rolling its secret answer: the one time the secret is shown. */
export class WebhookEndpointWithSecretView extends WebhookEndpointView {
  @ApiProperty({
    pattern: '^whsec_[A-Za-z0-9+/]+={0,2}$',
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    description: 'The signing secret (Standard Webhooks), shown in this response only.',
  })
  secret!: string;
}

export class DeletedWebhookEndpointView {
  @ApiId('we')
  id!: string;

  @ApiObjectName('webhook_endpoint')
  object!: 'webhook_endpoint';

  @ApiProperty({ type: 'boolean', enum: [true] })
  deleted!: true;
}

/** One HTTP attempt to deliver an event to an endpoint. */
export class WebhookAttemptView {
  @ApiId('wha')
  id!: string;

  @ApiObjectName('webhook_attempt')
  object!: 'webhook_attempt';

  @ApiTimestamp()
  created!: number;

  @ApiId('evt')
  event!: string;

  @ApiId('we')
  endpoint!: string;

  @ApiProperty({
    type: 'integer',
    minimum: 100,
    maximum: 999,
    nullable: true,
    description: "The receiver's status code; null when there was no response.",
  })
  status_code!: number | null;

  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'What went wrong without a usable response (a network error, a timeout, a redirect not followed).',
  })
  error!: string | null;

  @ApiProperty({ type: 'integer', minimum: 0 })
  latency_ms!: number;

  @ApiProperty({
    type: 'string',
    nullable: true,
    maxLength: MAX_RESPONSE_EXCERPT_BYTES,
    description: "The first bytes of the receiver's response body; null when there was no response.",
  })
  response_excerpt!: string | null;

  @ApiTimestamp({ nullable: true, description: 'When the next attempt is due; null when none will follow.' })
  next_retry_at!: number | null;
}

/**
 * Every kind of object an event can be about, as the API shows it: an
 * event's `data.object` is one of these, told apart by its `object` field.
 * A producer of a new event type adds its object's view here (the contract
 * tests fail on an event whose object matches none). Events are stored
 * snapshots: events recorded before a view gained a field lack it
 * (docs/webhooks.md says so to receivers).
 */
const EVENT_OBJECT_VIEWS = [
  PaymentIntentView,
  RefundView,
  SettlementWithPaymentsView,
  PayoutView,
  WebhookEndpointView,
  WalletTopUpView,
  WalletTransferView,
  WalletWithdrawalView,
  CustomerView,
  CreditLineView,
  CreditApplicationView,
  LoanView,
];

/** The object an event is about, as the API showed it when the event happened. */
@ApiExtraModels(...EVENT_OBJECT_VIEWS)
export class EventDataView {
  @ApiProperty({
    description: 'The object (a payment intent, refund, payout, wallet transfer, customer...), named by its `object`.',
    oneOf: EVENT_OBJECT_VIEWS.map((view) => ({ $ref: getSchemaPath(view) })),
  })
  object!: { id: string; object: string };
}

export class EventView {
  @ApiId('evt')
  id!: string;

  @ApiObjectName('event')
  object!: 'event';

  @ApiEnum(EVENT_TYPES)
  type!: EventType;

  @ApiTimestamp()
  created!: number;

  @ApiProperty({ type: EventDataView })
  data!: EventDataView;
}

/** What POST /v1/events/{id}/redeliver answers. */
export class EventRedeliveryView {
  @ApiId('evt')
  id!: string;

  @ApiObjectName('event')
  object!: 'event';

  @ApiProperty({
    type: 'array',
    items: { type: 'string', pattern: '^we_[0-9A-Z]+$', example: 'we_01J9Z3K8E5Q7W2V6X4Y8T0R2M1' },
    description: 'The enabled endpoints subscribed to the event, which it is sent to again now, by id.',
  })
  redelivering_to!: string[];
}

/** A page of the caller's webhook endpoints. */
export const WebhookEndpointListView = ListView(WebhookEndpointView, '/v1/webhook_endpoints');
/** A page of an endpoint's delivery attempts. */
export const WebhookAttemptListView = ListView(
  WebhookAttemptView,
  '/v1/webhook_endpoints/we_01J9Z3K8E5Q7W2V6X4Y8T0R2M1/deliveries',
);
/** A page of the caller's events. */
export const EventListView = ListView(EventView, '/v1/events');

export function eventView(event: Pick<Event, 'id' | 'type' | 'createdAt'> & { data: unknown }): EventView {
  return {
    id: event.id,
    object: 'event',
    type: event.type as EventType,
    created: unixSeconds(event.createdAt),
    data: event.data as EventDataView,
  };
}

export function endpointView(endpoint: WebhookEndpoint): WebhookEndpointView {
  return {
    id: endpoint.id,
    object: 'webhook_endpoint',
    created: unixSeconds(endpoint.createdAt),
    url: endpoint.url,
    description: endpoint.description,
    enabled_events: endpoint.enabledEvents,
    status: endpoint.status,
    disabled_reason: endpoint.disabledReason as WebhookEndpointView['disabled_reason'],
  };
}

/** Shown when the endpoint is created and when its secret is rolled, never again. */
export function endpointWithSecretView(endpoint: WebhookEndpoint, secret: string): WebhookEndpointWithSecretView {
  return { ...endpointView(endpoint), secret };
}

export function deletedEndpointView(id: string): DeletedWebhookEndpointView {
  return { id, object: 'webhook_endpoint', deleted: true };
}

export function attemptView(attempt: WebhookAttempt): WebhookAttemptView {
  return {
    id: attempt.id,
    object: 'webhook_attempt',
    created: unixSeconds(attempt.createdAt),
    event: attempt.eventId,
    endpoint: attempt.endpointId,
    status_code: attempt.statusCode,
    error: attempt.error,
    latency_ms: attempt.latencyMs,
    response_excerpt: attempt.responseExcerpt,
    next_retry_at: attempt.nextRetryAt ? unixSeconds(attempt.nextRetryAt) : null,
  };
}

export function redeliveryView(eventId: string, endpointIds: string[]): EventRedeliveryView {
  return { id: eventId, object: 'event', redelivering_to: endpointIds };
}
