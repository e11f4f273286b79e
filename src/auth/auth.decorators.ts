import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiSecurity } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { Principal, PrincipalType } from './principal';

export const ALLOWED_PRINCIPALS = 'tally:allowed-principals';
export const PUBLIC_ROUTE = 'tally:public-route';

/**
 * Which principals may call this route. Routes without @Auth or @Public are
 * refused. The OpenAPI document names them as the operation's security
 * schemes (one per principal, src/openapi.ts). Put it on the controller or on
 * its methods, not both: the document would list the two together.
 */
export const Auth = (...types: PrincipalType[]) =>
  applyDecorators(SetMetadata(ALLOWED_PRINCIPALS, types), ...types.map((type) => ApiSecurity(type)));

/** No authentication (health, metrics, documentation). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** The authenticated principal of this request. */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<FastifyRequest>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a route without @Auth');
  return principal;
});
