// The contract check: every response an API started by the test env sends is
// compared with the OpenAPI document that same API serves. Its status must
// be one the operation declares, and its body must be valid against the
// declared schema (Ajv, with the document's own $refs). A response the
// document does not describe is a violation; the env's teardown fails the
// suite with the list, so the document cannot drift from the code.
//
// Only the tests pay for it: the check is a Fastify onSend hook that the test
// env adds (test-env.ts); the server never validates its own responses.
import { expect } from '@jest/globals';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { buildOpenApiDocument } from '../../src/openapi';

/**
 * Operations whose success bodies are not checked ("METHOD /path" as in the
 * document): their statuses are. Only the health checks, whose bodies
 * @nestjs/terminus declares and shapes; every API operation is checked.
 */
export const BODIES_NOT_YET_DESCRIBED = new Set<string>(['GET /health/live', 'GET /health/ready']);

type Json = Record<string, unknown>;

/** A path as one segment of a JSON pointer inside a URI fragment ("/v1/a/{id}" to "~1v1~1a~1%7Bid%7D"). */
const segment = (path: string) => encodeURIComponent(path.replace(/~/g, '~0').replace(/\//g, '~1'));

interface Operation {
  responses: Record<string, Json>;
}

/**
 * The document as JSON Schema for Ajv, for the check only (the served
 * document is unchanged):
 * - OpenAPI 3.0's `nullable: true` becomes "this schema, or null" (Ajv
 *   would otherwise refuse a null that an `enum` or a `$ref` does not list);
 * - every object schema that lists its properties is closed to others
 *   (`additionalProperties: false` where it says nothing): a field the code
 *   sends and the document does not declare is drift too. The served
 *   document stays open, as clients should tolerate new fields.
 */
function forValidation(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(forValidation);
  if (!node || typeof node !== 'object') return node;
  const schema: Json = {};
  for (const [key, value] of Object.entries(node)) schema[key] = forValidation(value);
  if (schema.properties && typeof schema.properties === 'object' && !('additionalProperties' in schema)) {
    schema.additionalProperties = false;
  }
  if (schema.nullable === true) {
    const { nullable: _nullable, description, ...rest } = schema;
    return { description, anyOf: [rest, { type: 'null' }] };
  }
  return schema;
}

export class ContractCheck {
  readonly violations: string[] = [];
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly validators = new Map<string, ValidateFunction>();
  /** How many responses were checked, and how many of their bodies: to see that the check runs. */
  readonly counts = { responses: 0, bodies: 0 };

  constructor(private readonly document: Json) {
    addFormats(this.ajv);
    this.ajv.addSchema(forValidation(document) as Json, 'openapi.json');
    // Every body schema compiled now, not at its first response: a compile blocks the event loop the API and the
    // test share for a moment, which would otherwise land inside a test (and a timing-sensitive one could notice).
    for (const [path, item] of Object.entries(document.paths as Record<string, Record<string, Operation>>)) {
      for (const [method, operation] of Object.entries(item)) {
        for (const [status, declared] of Object.entries(operation.responses)) {
          const pointer = this.resolve(declared, `/paths/${segment(path)}/${method}/responses/${status}`);
          const content = pointer.value.content as Record<string, { schema?: unknown }> | undefined;
          if (content?.['application/json']?.schema) this.validator(pointer.ref);
        }
      }
    }
  }

  /** The compiled schema of the JSON body of the response at this pointer. */
  private validator(responsePointer: string): ValidateFunction {
    const schemaRef = `${responsePointer}/content/application~1json/schema`;
    let validate = this.validators.get(schemaRef);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `openapi.json#${schemaRef}` });
      this.validators.set(schemaRef, validate);
    }
    return validate;
  }

  /** Records a violation if the document does not describe this response. */
  check(response: {
    method: string;
    route: string;
    status: number;
    contentType: string;
    /** The body as sent, or null when it is a stream or a buffer (a file): then only the status is checked. */
    body: string | null;
  }): void {
    const path = response.route.replace(/:([A-Za-z_]+)/g, '{$1}');
    const method = response.method.toLowerCase();
    const paths = this.document.paths as Record<string, Record<string, Operation>>;
    // Routes that are not API operations (the docs, the queue dashboard) are not in the document.
    if (!paths[path]) {
      if (path.startsWith('/v1/')) this.violate(response, `${method.toUpperCase()} ${path} is not in the document`);
      return;
    }
    const operation = paths[path][method];
    if (!operation) return this.violate(response, `${method.toUpperCase()} ${path} is not in the document`);
    this.counts.responses += 1;
    const key = `${method.toUpperCase()} ${path}`;
    const status = String(response.status) in operation.responses ? String(response.status) : 'default';
    const declared = operation.responses[status];
    if (!declared) return this.violate(response, `${key} answered ${response.status}, which it does not declare`);
    if (response.body === null || (BODIES_NOT_YET_DESCRIBED.has(key) && response.status < 400)) return;

    const pointer = this.resolve(declared, `/paths/${segment(path)}/${method}/responses/${status}`);
    const content = pointer.value.content as Record<string, { schema?: unknown }> | undefined;
    if (!response.body) {
      if (content && response.status !== 204) this.violate(response, `${key} ${response.status}: empty body`);
      return;
    }
    const mediaType = response.contentType.split(';')[0].trim();
    if (!content?.[mediaType]) {
      return this.violate(response, `${key} ${response.status}: ${mediaType} is not a declared content type`);
    }
    if (mediaType !== 'application/json' || !content[mediaType].schema) return;
    const validate = this.validator(pointer.ref);
    this.counts.bodies += 1;
    if (!validate(JSON.parse(response.body))) {
      const problems = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
      this.violate(response, `${key} ${response.status}: body does not match its schema: ${problems}`);
    }
  }

  /** A response object and its JSON pointer (`at`, unless it refers to one of the shared responses). */
  private resolve(response: Json, at: string): { value: Json; ref: string } {
    const ref = response.$ref as string | undefined;
    if (!ref) return { value: response, ref: at };
    const name = ref.replace('#/components/responses/', '');
    const responses = (this.document.components as { responses: Record<string, Json> }).responses;
    return { value: responses[name], ref: `/components/responses/${name}` };
  }

  private violate(response: { body: string | null }, message: string): void {
    const test = expect.getState().currentTestName ?? '(outside a test)';
    this.violations.push(`${message}\n    in "${test}"; body: ${(response.body ?? '(a stream)').slice(0, 300)}`);
  }
}

/**
 * Adds the check to an API before it is initialised; `load` (once it is
 * ready) reads the document the API serves and starts checking.
 */
export function installContractCheck(app: NestFastifyApplication): { load(): Promise<ContractCheck> } {
  const fastify = app.getHttpAdapter().getInstance();
  let contract: ContractCheck | undefined;
  fastify.addHook('onSend', async (request, reply, payload) => {
    const route = request.routeOptions?.url;
    if (contract && route) {
      contract.check({
        method: request.method,
        route,
        status: reply.statusCode,
        contentType: String(reply.getHeader('content-type') ?? ''),
        body: typeof payload === 'string' ? payload : payload === null || payload === undefined ? '' : null,
      });
    }
    return payload;
  });
  return {
    async load() {
      // The document the API serves, built by the same function, without a request: a request would count
      // against the suite's rate-limit budgets, which some suites measure exactly.
      contract = new ContractCheck(JSON.parse(JSON.stringify(buildOpenApiDocument(app))) as Json);
      return contract;
    },
  };
}
