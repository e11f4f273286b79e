import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrorView } from '../common/errors.view';
import { Auth, CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ListQueryDto } from '../common/pagination';
import { WebhookEndpointsService } from './webhook-endpoints.service';
import { CreateWebhookEndpointDto, ListEventsQueryDto, UpdateWebhookEndpointDto } from './webhooks.dto';
import { CheckBeforeTransaction, SecretResponse } from '../idempotency/idempotency.interceptor';
import { WebhookDestinationCheck } from './webhook-destination.check';
import {
  DeletedWebhookEndpointView,
  EventListView,
  EventRedeliveryView,
  EventView,
  WebhookAttemptListView,
  WebhookEndpointListView,
  WebhookEndpointView,
  WebhookEndpointWithSecretView,
} from './webhooks.view';

const URL_REFUSED =
  'Bad input, `param` naming the field; among them a `url` that deliveries would refuse: one that is, or ' +
  'resolves to, a non-public address (loopback too, unless WEBHOOK_ALLOW_LOOPBACK is true, its default outside ' +
  'production), or a host name that does not resolve. Nothing is written.';

/** A merchant's endpoints receive its events; the operator's receive the platform's (wallets, customers). */
@ApiTags('webhooks')
@Auth('merchant', 'operator')
@Controller('v1/webhook_endpoints')
export class WebhookEndpointsController {
  constructor(private readonly endpoints: WebhookEndpointsService) {}

  /** Create an endpoint; the response carries its signing `secret`, shown this once. */
  @SecretResponse()
  @ApiBadRequestResponse({ type: ApiErrorView, description: URL_REFUSED })
  @CheckBeforeTransaction(WebhookDestinationCheck)
  @Post()
  @HttpCode(200)
  @ApiOkResponse({ type: WebhookEndpointWithSecretView })
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateWebhookEndpointDto) {
    return this.endpoints.create(principal, body);
  }

  /** List the caller's webhook endpoints, newest first. */
  @Get()
  @ApiOkResponse({ type: WebhookEndpointListView })
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListQueryDto) {
    return this.endpoints.list(principal, query);
  }

  /** Retrieve a webhook endpoint (its secret is not shown again). */
  @Get(':id')
  @ApiOkResponse({ type: WebhookEndpointView })
  retrieve(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.endpoints.retrieve(principal, id);
  }

  /** Change a webhook endpoint's URL, events or description. */
  @ApiBadRequestResponse({ type: ApiErrorView, description: URL_REFUSED })
  @CheckBeforeTransaction(WebhookDestinationCheck)
  @Patch(':id')
  @ApiBody({ type: UpdateWebhookEndpointDto, required: false })
  @ApiOkResponse({ type: WebhookEndpointView })
  update(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: UpdateWebhookEndpointDto) {
    return this.endpoints.update(principal, id, body);
  }

  /** Delete a webhook endpoint, with its deliveries and their attempts (pending ones are never made). */
  @Delete(':id')
  @ApiOkResponse({ type: DeletedWebhookEndpointView })
  remove(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.endpoints.remove(principal, id);
  }

  /** Enable a webhook endpoint: deliveries resume. */
  @Post(':id/enable')
  @HttpCode(200)
  @ApiOkResponse({ type: WebhookEndpointView })
  enable(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.endpoints.setEnabled(principal, id, true);
  }

  /** Disable a webhook endpoint: no deliveries until it is enabled. */
  @Post(':id/disable')
  @HttpCode(200)
  @ApiOkResponse({ type: WebhookEndpointView })
  disable(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.endpoints.setEnabled(principal, id, false);
  }

  /** A new secret (shown once); the old one keeps signing beside it for 24 hours. */
  @SecretResponse()
  @Post(':id/roll_secret')
  @HttpCode(200)
  @ApiOkResponse({ type: WebhookEndpointWithSecretView })
  rollSecret(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.endpoints.rollSecret(principal, id);
  }

  /** Every delivery attempt to this endpoint, newest first: time, event, status or error, latency, next retry. */
  @Get(':id/deliveries')
  @ApiOkResponse({ type: WebhookAttemptListView })
  deliveries(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query() query: ListQueryDto) {
    return this.endpoints.attempts(principal, id, query);
  }
}

@ApiTags('webhooks')
@Auth('merchant', 'operator')
@Controller('v1/events')
export class EventsController {
  constructor(private readonly endpoints: WebhookEndpointsService) {}

  /** The principal's events, newest first, kept at least EVENT_RETENTION_DAYS. */
  @Get()
  @ApiOkResponse({ type: EventListView })
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListEventsQueryDto) {
    return this.endpoints.listEvents(principal, query);
  }

  /** Retrieve one of the principal's events. */
  @Get(':id')
  @ApiOkResponse({ type: EventView })
  retrieve(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.endpoints.retrieveEvent(principal, id);
  }

  /** Send the event again now to every enabled endpoint that subscribes to it. */
  @Post(':id/redeliver')
  @HttpCode(200)
  @ApiOkResponse({ type: EventRedeliveryView })
  redeliver(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.endpoints.redeliver(principal, id);
  }
}
