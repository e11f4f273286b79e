// A group-committed batch's answers as one line each, for tests to compare
// whole batches at a glance: "executed 200", "stored_error 402 insufficient_funds".
import type { ApiError } from '../../src/common/errors';
import type { GroupOutcome } from '../../src/idempotency/group-outcomes';

export function outcomeSummary(outcome: GroupOutcome, detail?: (body: unknown) => string): string {
  if (outcome.kind === 'executed' || outcome.kind === 'replayed') {
    const line = `${outcome.kind} ${outcome.response.status}`;
    return detail ? `${line} ${detail(outcome.response.body)}` : line;
  }
  const error = outcome.error as ApiError;
  return `${outcome.kind} ${error.status} ${error.code}`;
}
