import { Module } from '@nestjs/common';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { WebhookEndpointsService } from './webhook-endpoints.service';
import { EventsController, WebhookEndpointsController } from './webhooks.controller';

@Module({
  controllers: [WebhookEndpointsController, EventsController],
  providers: [WebhookEndpointsService, WebhookDeliveryService],
  exports: [WebhookEndpointsService, WebhookDeliveryService],
})
export class WebhooksModule {}
