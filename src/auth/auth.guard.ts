import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { PermissionError } from '../common/errors';
import { ALLOWED_PRINCIPALS, PUBLIC_ROUTE } from './auth.decorators';
import { AuthService } from './auth.service';
import type { PrincipalType } from './principal';

const DESCRIBE: Record<PrincipalType, string> = {
  operator: 'the operator key',
  merchant: 'a merchant secret key',
  customer: 'a customer access token',
};

/**
 * The first global guard: every route is authenticated unless marked
 * @Public, and refused (403) to principals its @Auth does not list.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const allowed = this.reflector.getAllAndOverride<PrincipalType[]>(ALLOWED_PRINCIPALS, targets) ?? [];
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const principal = await this.auth.authenticate(request.headers.authorization);
    request.principal = principal;
    if (!allowed.includes(principal.type)) {
      throw new PermissionError(
        'principal_not_allowed',
        `This endpoint cannot be called with ${DESCRIBE[principal.type]}.`,
      );
    }
    return true;
  }
}
