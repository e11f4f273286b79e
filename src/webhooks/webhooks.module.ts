import { Module } from '@nestjs/common';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { WebhookEndpointsService } from './webhook-endpoints.service';
import { WebhookSecrets } from './webhook-secrets';
import { EventsController, WebhookEndpointsController } from './webhooks.controller';

@Module({
  controllers: [WebhookEndpointsController, EventsController],
  providers: [WebhookEndpointsService, WebhookDeliveryService, WebhookSecrets],
  exports: [WebhookEndpointsService, WebhookDeliveryService, WebhookSecrets],
})
export class WebhooksModule {}
