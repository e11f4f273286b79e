// The BullMQ dashboard (@bull-board) at /admin/queues, for the operator only:
// `Authorization: Bearer <operator key>`, or HTTP Basic with the operator key
// as the password so that a browser can open it. It is rate limited as the
// API is: a wrong password counts against the client address's budget of
// failed authentications (checked first), the operator's requests against the
// operator's budget.
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { principalKey } from '../auth/principal';
import { secretsEqual } from '../auth/secrets';
import { sendApiError } from '../common/exception.filter';
import type { AppConfig } from '../config/configuration';
import { clientAddressKey } from '../rate-limit/client-address';
import type { RateLimitService } from '../rate-limit/rate-limit.service';
import type { QueueRegistry } from '../queues/queue.registry';
import { QUEUE_NAMES } from '../queues/queue-names';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/** The operator key from a Bearer or Basic Authorization header, if it is the operator's. */
export function isOperatorRequest(authorization: string | undefined, operatorKey: string): boolean {
  if (!authorization) return false;
  const [scheme, value = ''] = authorization.split(' ', 2);
  if (scheme.toLowerCase() === 'bearer') return secretsEqual(value, operatorKey);
  if (scheme.toLowerCase() === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const password = decoded.slice(decoded.indexOf(':') + 1);
    return decoded.includes(':') && secretsEqual(password, operatorKey);
  }
  return false;
}

const OPERATOR = principalKey({ type: 'operator', id: 'operator' });

export async function registerQueueDashboard(
  fastify: FastifyInstance,
  queues: QueueRegistry,
  config: AppConfig,
  rateLimits: RateLimitService,
) {
  const serverAdapter = new BullBoardFastifyAdapter();
  serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: Object.values(QUEUE_NAMES).map((name) => new BullMQAdapter(queues.get(name))),
    serverAdapter,
  });
  await fastify.register(
    async (scope) => {
      scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
        const address = clientAddressKey(request.ip);
        try {
          rateLimits.refuseAddressWithoutAuthBudget(() => address, reply);
          if (isOperatorRequest(request.headers.authorization, config.operatorApiKey)) {
            await rateLimits.admitRequest(OPERATOR, reply);
            return;
          }
          await rateLimits.countAuthenticationFailure(address, reply);
        } catch (error) {
          sendApiError(error, request, reply);
          return reply;
        }
        await reply
          .code(401)
          .header('WWW-Authenticate', 'Basic realm="Tally queues", charset="UTF-8"')
          .send({
            error: {
              type: 'authentication_error',
              code: 'operator_key_required',
              message: 'The queue dashboard needs the operator key.',
              request_id: request.id,
            },
          });
      });
      await scope.register(serverAdapter.registerPlugin());
    },
    { prefix: QUEUE_DASHBOARD_PATH },
  );
}
