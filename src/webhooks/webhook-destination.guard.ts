// Judges a webhook URL's destination (WebhookEndpointsService.checkDestination)
// before the request's transaction opens: the judgement may wait on DNS (up to
// REGISTRATION_LOOKUP_TIMEOUT_MS), and a request with an Idempotency-Key runs
// its handler inside a database transaction (IdempotencyInterceptor), so a
// check made in the handler would hold a pooled connection meanwhile, and an
// owner registering names whose DNS never answers could hold them all. Guards
// run before interceptors (and after authentication and rate limiting), so
// here the wait holds nothing. A refusal is a 400 that stores nothing, as
// validation's are. The body is not validated yet: anything but a string that
// parses as an http(s) URL is left to validation to refuse.
import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ownerOf, WebhookEndpointsService } from './webhook-endpoints.service';

@Injectable()
export class WebhookDestinationGuard implements CanActivate {
  constructor(private readonly endpoints: WebhookEndpointsService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const body = request.body;
    const url = typeof body === 'object' && body !== null ? (body as { url?: unknown }).url : undefined;
    if (typeof url === 'string' && request.principal) {
      await this.endpoints.checkDestination(ownerOf(request.principal), url);
    }
    return true;
  }
}
