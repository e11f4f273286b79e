import { Module } from '@nestjs/common';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { WebhookDestinationCheck } from './webhook-destination.check';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookEndpointsService } from './webhook-endpoints.service';
import { WebhookSecrets } from './webhook-secrets';
import { EventsController, WebhookEndpointsController } from './webhooks.controller';

@Module({
  controllers: [WebhookEndpointsController, EventsController],
  providers: [
    WebhookEndpointsService,
    WebhookDeliveryService,
    WebhookDispatcher,
    WebhookSecrets,
    WebhookDestinationCheck,
  ],
  exports: [WebhookEndpointsService, WebhookDeliveryService, WebhookDispatcher, WebhookSecrets],
})
export class WebhooksModule {}
