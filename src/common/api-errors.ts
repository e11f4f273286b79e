// @ApiErrors: the error statuses an operation's own rules return, for the
// OpenAPI document (src/openapi.ts adds those of the API's conventions).
import { ApiExtension } from '@nestjs/swagger';

/** The error statuses an operation may declare for its own rules (the conventions' are added for it). */
export type DeclaredErrorStatus = 400 | 402 | 403 | 404 | 409 | 413 | 422;

/** Where @ApiErrors leaves its statuses in the document, for src/openapi.ts to read and remove. */
export const ERRORS_EXTENSION = 'x-tally-errors';

/**
 * The errors this operation's own rules return beyond the conventions': 402
 * for a payment refused (insufficient funds, a limit), 409 for a state that
 * forbids the change, and so on. Each needs a test that receives it.
 */
export const ApiErrors = (...statuses: DeclaredErrorStatus[]) => ApiExtension(ERRORS_EXTENSION, statuses);
