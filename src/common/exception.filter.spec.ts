import { describe, expect, it } from '@jest/globals';
import { BadRequestException, HttpException, NotFoundException } from '@nestjs/common';
import { InvalidRequestError, StateError } from './errors';
import { toApiError } from './exception.filter';

describe('toApiError', () => {
  it('answers an unexpected error with a generic 500 that leaks nothing', () => {
    const leaky = new Error('duplicate key value violates unique constraint "merchants_pkey" at PrismaService.query');
    const body = toApiError(leaky).toBody('req_1');
    expect(body).toEqual({
      error: {
        type: 'api_error',
        code: 'internal_error',
        message: expect.stringMatching(/internal error/),
        request_id: 'req_1',
      },
    });
    expect(JSON.stringify(body)).not.toMatch(/merchants_pkey|Prisma|duplicate/);
  });

  it('keeps domain errors as they are', () => {
    const error = new StateError('intent_canceled', 'This payment intent is canceled.');
    expect(toApiError(error)).toBe(error);
    expect(toApiError(new InvalidRequestError('parameter_invalid', 'bad', 'amount')).toBody('r').error.param).toBe(
      'amount',
    );
  });

  it('maps framework errors to the error shape', () => {
    expect(toApiError(new NotFoundException()).status).toBe(404);
    const tooLarge = new HttpException('too large', 413, {
      cause: { code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 },
    });
    expect(toApiError(tooLarge).toBody('r').error).toMatchObject({ code: 'body_too_large' });
    const badJson = new BadRequestException('x', { cause: { code: 'FST_ERR_CTP_INVALID_JSON_BODY', statusCode: 400 } });
    expect(toApiError(badJson).toBody('r').error).toMatchObject({ code: 'invalid_json' });
    expect(toApiError(new HttpException('boom', 502)).toBody('r').error.type).toBe('api_error');
  });
});
