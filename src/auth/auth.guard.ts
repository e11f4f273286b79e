import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthenticationError, PermissionError } from '../common/errors';
import { clientAddressKey } from '../rate-limit/client-address';
import { RateLimitService } from '../rate-limit/rate-limit.service';
import { ALLOWED_PRINCIPALS, PUBLIC_ROUTE } from './auth.decorators';
import { AuthService } from './auth.service';
import { bearerSecret, hashSecret, MAX_SECRET_LENGTH } from './secrets';
import { principalKey, type Principal, type PrincipalType } from './principal';

/** SHA-256 of the bearer credential, if the header carries one that could be a key (never kept in clear). */
function credentialHashOf(authorization: string | undefined): string | undefined {
  const secret = bearerSecret(authorization);
  // Longer ones are refused unread by AuthService; no point hashing them.
  return secret && secret.length <= MAX_SECRET_LENGTH ? hashSecret(secret) : undefined;
}

const DESCRIBE: Record<PrincipalType, string> = {
  operator: 'the operator key',
  merchant: 'a merchant secret key',
  customer: 'a customer access token',
};

/**
 * The one global guard: who is calling, how often, and whether they may call
 * this route, in that order.
 *
 * - A @Public route counts against its client address's budget.
 * - Otherwise an address that has spent its budget of failed authentications
 *   is refused (429) before its credential is looked up; a credential that
 *   cannot be used (missing, malformed, unknown, expired, revoked, or of a
 *   disabled account) counts against that budget.
 * - An authenticated request counts against its principal's budget, also when
 *   the route then refuses that principal (403): every request that cost a
 *   lookup is counted somewhere.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly rateLimits: RateLimitService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    // Parsed only where it is needed: most authenticated requests never need it.
    const address = () => clientAddressKey(request.ip);
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) {
      await this.rateLimits.admitRequest(address(), reply);
      return true;
    }
    const credential = credentialHashOf(request.headers.authorization);
    this.rateLimits.refuseAddressWithoutAuthBudget(address, reply, credential);
    let principal: Principal;
    try {
      principal = await this.auth.authenticate(request.headers.authorization, credential);
    } catch (error) {
      if (error instanceof AuthenticationError || error instanceof PermissionError) {
        await this.rateLimits.countAuthenticationFailure(address(), reply);
      }
      throw error;
    }
    request.principal = principal;
    if (credential !== undefined) this.rateLimits.trustCredential(credential);
    await this.rateLimits.admitRequest(principalKey(principal), reply);
    const allowed = this.reflector.getAllAndOverride<PrincipalType[]>(ALLOWED_PRINCIPALS, targets) ?? [];
    if (!allowed.includes(principal.type)) {
      throw new PermissionError(
        'principal_not_allowed',
        `This endpoint cannot be called with ${DESCRIBE[principal.type]}.`,
      );
    }
    return true;
  }
}
