// Routes that Fastify serves outside Nest (Swagger UI and the OpenAPI
// document) are public: they count against the client address's budget, as
// Nest's @Public routes do in the AuthGuard.
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import { sendApiError } from '../common/exception.filter';
import { clientAddressKey } from './client-address';
import type { RateLimitService } from './rate-limit.service';

/** Limits the routes under `prefixes` registered from now on; call it before registering them. */
export function limitRoutesByClientAddress(
  fastify: FastifyInstance,
  rateLimits: RateLimitService,
  prefixes: readonly string[],
): void {
  const admit = async (request: FastifyRequest, reply: FastifyReply) => {
    try {
      await rateLimits.admitRequest(clientAddressKey(request.ip), reply);
    } catch (error) {
      sendApiError(error, request, reply);
      return reply;
    }
  };
  fastify.addHook('onRoute', (route) => {
    if (!prefixes.some((prefix) => route.url.startsWith(prefix))) return;
    const existing = route.onRequest === undefined ? [] : [route.onRequest].flat();
    route.onRequest = [admit as onRequestHookHandler, ...existing];
  });
}
