import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { TokenRole } from '../tokens/api-token';
import { TokenError } from '../tokens/tokens.errors';
import { TokensService } from '../tokens/tokens.service';
import { kioskConfig, type KioskConfigType } from '../config/kiosk.config';
import {
  PUBLIC_ON_LOOPBACK,
  PUBLIC_ROUTE,
  ROUTE_ROLES,
  isLoopbackHost,
  type AuthenticatedRequest,
} from './access-control';
import { FailedAuthLimiter } from './failed-auth-limiter';

interface HttpRequest extends AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
  ip?: string;
}

/**
 * Every route needs a bearer API token (RFC 6750) unless it is @Public(), or @PublicOnLoopback()
 * while the API listens on loopback only; the token's role must
 * be one the route allows (@Roles; none named: admin only). 401 without a valid token, 403 for a
 * role that may not (HttpErrorFilter maps the domain codes).
 */
@Injectable()
export class ApiTokenGuard implements CanActivate {
  private readonly loopbackOnly: boolean;

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokensService,
    private readonly failures: FailedAuthLimiter,
    @Inject(kioskConfig.KEY) config: KioskConfigType,
  ) {
    this.loopbackOnly = isLoopbackHost(config.http.host);
  }

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    if (this.loopbackOnly && this.reflector.getAllAndOverride<boolean>(PUBLIC_ON_LOOPBACK, targets))
      return true;
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
