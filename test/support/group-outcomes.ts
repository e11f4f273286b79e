// For tests that submit to a group-committed use case directly: the
// idempotency key a request would carry, and a batch's answers as one line
// each ("executed 200", "stored_error 402 insufficient_funds").
import type { ApiError } from '../../src/common/errors';
import type { GroupOutcome } from '../../src/idempotency/group-committed';
import { idempotentRequest, type IdempotentRequest } from '../../src/idempotency/idempotency.service';

/** What IdempotencyInterceptor hands a @GroupCommitted() handler for a POST to `path` with this key and body. */
export function keyedPost(principal: string, path: string, key: string, body: unknown): IdempotentRequest {
  return idempotentRequest({ principal, key, method: 'POST', path, body, requestId: `req_${key}` });
}

export function outcomeSummary(outcome: GroupOutcome, detail?: (body: unknown) => string): string {
  if (outcome.kind === 'executed' || outcome.kind === 'replayed') {
    const line = `${outcome.kind} ${outcome.response.status}`;
    return detail ? `${line} ${detail(outcome.response.body)}` : line;
  }
  const error = outcome.error as ApiError;
  return `${outcome.kind} ${error.status} ${error.code}`;
}
