// Judges a webhook URL's destination (WebhookEndpointsService.checkDestination)
// before the request's transaction opens: the judgement may wait on DNS (up to
// REGISTRATION_LOOKUP_TIMEOUT_MS), and a request with an Idempotency-Key runs
// its handler inside a database transaction (IdempotencyInterceptor), so a
// check made in the handler would hold a pooled connection meanwhile, and an
// owner registering names whose DNS never answers could hold them all.
// CheckBeforeTransaction runs it after authentication and rate limiting and
// after the Idempotency-Key's lookup, so a retry of a create that already ran
// replays its stored response (and its secret) without being judged again. A
// refusal is a 400 that stores nothing, as validation's are. The body is not
// validated yet: anything but a string that parses as an http(s) URL is left
// to validation to refuse.
import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { RequestCheck } from '../idempotency/idempotency.interceptor';
import { ownerOf, WebhookEndpointsService } from './webhook-endpoints.service';

@Injectable()
export class WebhookDestinationCheck implements RequestCheck {
  constructor(private readonly endpoints: WebhookEndpointsService) {}

  async check(request: FastifyRequest): Promise<void> {
    const body = request.body;
    const url = typeof body === 'object' && body !== null ? (body as { url?: unknown }).url : undefined;
    if (typeof url === 'string' && request.principal) {
      await this.endpoints.checkDestination(ownerOf(request.principal), url);
    }
  }
}
