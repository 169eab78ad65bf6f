import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { TokenRole } from '../tokens/api-token';
import { TokenError } from '../tokens/tokens.errors';
import { TokensService } from '../tokens/tokens.service';
import { PUBLIC_ROUTE, ROUTE_ROLES, type AuthenticatedRequest } from './access-control';
import { FailedAuthLimiter } from './failed-auth-limiter';

interface HttpRequest extends AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
  ip?: string;
}

/**
 * Every route needs a bearer API token (RFC 6750) unless it is @Public(); the token's role must
 * be one the route allows (@Roles; none named: admin only). 401 without a valid token, 403 for a
 * role that may not (HttpErrorFilter maps the domain codes).
 */
@Injectable()
export class ApiTokenGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokensService,
    private readonly failures: FailedAuthLimiter,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<HttpRequest>();
    const client = request.ip ?? 'unknown';
    this.failures.assertAllowed(client);
    const header = request.headers.authorization;
    const bearer = typeof header === 'string' ? /^Bearer (\S+)$/i.exec(header)?.[1] : undefined;
    if (!bearer) throw new TokenError('unauthenticated', 'A valid API token is required');
    let principal;
    try {
      principal = this.tokens.authenticate(bearer);
    } catch (err) {
      this.failures.recordFailure(client);
      throw err;
    }
    const allowed = this.reflector.getAllAndOverride<TokenRole[]>(ROUTE_ROLES, targets) ?? [
      'admin',
    ];
    if (!allowed.includes(principal.role))
      throw new TokenError('forbidden', `A ${principal.role} token may not do this`);
    request.principal = principal;
    return true;
  }
}
