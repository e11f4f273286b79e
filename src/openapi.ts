// The OpenAPI document: what every operation shares, in one place.
//
// Controllers declare what is theirs (the success response's view class, a
// request body, the errors of their own rules with @ApiErrors); the Swagger
// plugin reads DTOs and views. What follows from the API's conventions is
// added here to every operation it applies to, so that no controller can
// forget it:
// - security: one scheme per principal (operator, merchant `sk_`, customer
//   `ct_`), from @Auth (auth.decorators.ts); public routes have none;
// - the `Idempotency-Key` header, on POST only, with its rules;
// - the response headers: `Request-Id` on every response, `Idempotent-Replayed`
//   on a POST's success, `Retry-After` on 429 and the `RateLimit-*` headers on
//   authenticated responses;
// - the errors the conventions can return, each with the shared `Error`
//   schema: 400 for input, 401/403 for authentication, 404 for a path id,
//   409/422 for idempotency, 413/415 for a body, 414 for a path id, 429 for
//   rate limits, 500.
// The contract tests (test/support/contract.ts) check every response the
// suites receive against the document this builds.
import type { INestApplication } from '@nestjs/common';
import {
  DocumentBuilder,
  getSchemaPath,
  SwaggerModule,
  type HeaderObject,
  type OpenAPIObject,
  type OperationObject,
  type ParameterObject,
  type ReferenceObject,
  type ResponseObject,
} from '@nestjs/swagger';
import type { PrincipalType } from './auth/principal';
import { ERRORS_EXTENSION } from './common/api-errors';
import { ApiErrorView } from './common/errors.view';
import { DEFAULT_MAX_AMOUNT } from './common/money';
import { MAX_IDEMPOTENCY_KEY_LENGTH } from './idempotency/idempotency.service';

const PRINCIPALS: Record<PrincipalType, string> = {
  operator: 'The operator key (OPERATOR_API_KEY): the bank running Tally. Manages merchants, customers, the ledger.',
  merchant: "A merchant's secret key, `sk_...`: its payments, refunds, balance, payouts, webhooks.",
  customer: "A customer's access token, `ct_...`: its wallet, and paying payment intents.",
};

/** What each error status means in Tally, for the shared responses. */
const ERROR_RESPONSES: Record<number, { name: string; description: string }> = {
  400: { name: 'BadRequest', description: 'The request is invalid; `param` names the field at fault.' },
  401: { name: 'Unauthorized', description: 'No valid key or token.' },
  402: { name: 'PaymentFailed', description: 'The payment was refused: insufficient funds, a limit, a frozen wallet.' },
  403: { name: 'Forbidden', description: 'This principal may not call this operation.' },
  404: { name: 'NotFound', description: 'No such object visible to this principal.' },
  409: {
    name: 'Conflict',
    description:
      "The object's state forbids the change, or a request with this Idempotency-Key is still being processed.",
  },
  413: { name: 'PayloadTooLarge', description: 'The request body is larger than the API accepts.' },
  414: { name: 'PathParameterTooLong', description: 'A path parameter is too long to be an id.' },
  415: { name: 'UnsupportedMediaType', description: 'The request body is not `application/json`.' },
  422: { name: 'IdempotencyKeyReused', description: 'This Idempotency-Key was used with a different request.' },
  429: { name: 'RateLimited', description: 'Too many requests; retry after `Retry-After` seconds.' },
  500: { name: 'InternalError', description: 'Tally failed; quote `request_id` to the operator.' },
};

const HEADERS: Record<string, HeaderObject> = {
  RequestId: {
    description: 'The id of this request, as in `request_id` of an error; quote it to the operator.',
    schema: { type: 'string' },
  },
  IdempotentReplayed: {
    description: '`true` when this is the stored response of an earlier request with the same Idempotency-Key.',
    schema: { type: 'string', enum: ['true'] },
  },
  RetryAfter: { description: 'Seconds to wait before retrying.', schema: { type: 'integer', minimum: 0 } },
  RateLimitLimit: { description: 'Requests allowed per window.', schema: { type: 'integer', minimum: 0 } },
  RateLimitRemaining: { description: 'Requests left in this window.', schema: { type: 'integer', minimum: 0 } },
  RateLimitReset: { description: 'Seconds until the window resets.', schema: { type: 'integer', minimum: 0 } },
  RateLimitPolicy: { description: 'The limit and its window, as `limit;w=seconds`.', schema: { type: 'string' } },
};

const IDEMPOTENCY_KEY: ParameterObject = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Makes a retry safe: a retry with the same key and the same request replays the first response ' +
    '(with `Idempotent-Replayed: true`) instead of running it again. Any unique value, such as a UUID; ' +
    'keys are scoped to the caller and kept for 24 hours.',
  schema: { type: 'string', minLength: 1, maxLength: MAX_IDEMPOTENCY_KEY_LENGTH, pattern: '^[\\x21-\\x7e]+$' },
};

const ref = (kind: 'headers' | 'responses' | 'parameters', name: string): ReferenceObject => ({
  $ref: `#/components/${kind}/${name}`,
});

/** The document served at /openapi.json. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Tally API')
    .setDescription(
      'Payments and wallets over a double-entry ledger. Authenticate with `Authorization: Bearer <key>`: ' +
        'the operator key, a merchant secret key (`sk_...`) or a customer access token (`ct_...`); each ' +
        'operation names the principals it takes. Amounts are integers in the currency’s minor unit, at most ' +
        `the server’s MAX_AMOUNT setting (${DEFAULT_MAX_AMOUNT} by default): a larger one is a 400 naming the field. ` +
        'Errors have one shape, `{"error": {"type", "code", "message", "param", "request_id"}}`.',
    )
    .setVersion('v1')
    .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
    .addServer('/', 'This Tally server');
  for (const [principal, description] of Object.entries(PRINCIPALS)) {
    builder.addSecurity(principal, { type: 'http', scheme: 'bearer', description });
  }
  const document = SwaggerModule.createDocument(app, builder.build(), { extraModels: [ApiErrorView] });
  return completeOperations(document);
}

/** Adds the conventions' parameters, headers and errors to every operation (see the file's comment). */
export function completeOperations(document: OpenAPIObject): OpenAPIObject {
  const components = (document.components ??= {});
  components.headers = { ...components.headers, ...HEADERS };
  components.parameters = { ...components.parameters, IdempotencyKey: IDEMPOTENCY_KEY };
  components.responses = { ...components.responses };
  for (const [status, { name, description }] of Object.entries(ERROR_RESPONSES)) {
    components.responses[name] = {
      description,
      headers: {
        'Request-Id': ref('headers', 'RequestId'),
        ...(Number(status) === 429 ? { 'Retry-After': ref('headers', 'RetryAfter') } : {}),
      },
      content: { 'application/json': { schema: { $ref: getSchemaPath(ApiErrorView) } } },
    };
  }

  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of ['get', 'post', 'patch', 'put', 'delete'] as const) {
      const operation = item[method];
      if (operation) completeOperation(path, method, operation);
    }
  }
  return document;
}

function completeOperation(path: string, method: string, operation: OperationObject): void {
  // Public routes (health, metrics) say so, rather than leave the reader to guess.
  operation.security ??= [];
  const authenticated = operation.security.length > 0;
  const parameters = (operation.parameters ?? []) as ParameterObject[];
  if (method === 'post') operation.parameters = [...parameters, ref('parameters', 'IdempotencyKey')];

  const errors = new Set<number>([500]);
  const extensions = operation as unknown as Record<string, unknown>;
  const ownErrors = extensions[ERRORS_EXTENSION];
  delete extensions[ERRORS_EXTENSION];
  if (Array.isArray(ownErrors)) ownErrors.forEach((status: number) => errors.add(status));
  // Every route is rate-limited: by principal, or by client address where there is none (health, metrics).
  errors.add(429);
  if (authenticated) [401, 403].forEach((status) => errors.add(status));
  // Any request can be refused as invalid: an unknown query parameter, a path value PostgreSQL cannot store, its body.
  errors.add(400);
  if (operation.requestBody !== undefined || method === 'post' || method === 'patch') {
    [413, 415].forEach((status) => errors.add(status));
  }
  if (path.includes('{')) [404, 414].forEach((status) => errors.add(status));
  if (method === 'post') [409, 422].forEach((status) => errors.add(status));

  for (const [status, declared] of Object.entries(operation.responses)) {
    if (!declared || '$ref' in declared) continue;
    const response = declared as ResponseObject;
    const success = Number(status) < 400;
    response.headers = {
      'Request-Id': ref('headers', 'RequestId'),
      ...(success && method === 'post' ? { 'Idempotent-Replayed': ref('headers', 'IdempotentReplayed') } : {}),
      ...(authenticated ? rateLimitHeaders() : {}),
      ...response.headers,
    };
    // An error this operation declared itself (a description of its own rule) keeps its description, with the shared shape.
    if (!success) errors.delete(Number(status));
    if (!success && !response.content) {
      response.content = {
        'application/json': { schema: { $ref: getSchemaPath(ApiErrorView) } },
      };
    }
  }
  for (const status of [...errors].sort((a, b) => a - b))
    operation.responses[status] = ref('responses', ERROR_RESPONSES[status].name);
}

function rateLimitHeaders(): Record<string, ReferenceObject> {
  return {
    'RateLimit-Limit': ref('headers', 'RateLimitLimit'),
    'RateLimit-Remaining': ref('headers', 'RateLimitRemaining'),
    'RateLimit-Reset': ref('headers', 'RateLimitReset'),
    'RateLimit-Policy': ref('headers', 'RateLimitPolicy'),
  };
}
