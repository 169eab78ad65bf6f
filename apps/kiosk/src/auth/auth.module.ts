import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { TokensModule } from '../tokens/tokens.module';
import { ApiTokenGuard } from './api-token.guard';
import { FailedAuthLimiter } from './failed-auth-limiter';

/**
 * The HTTP API's guards, in order: a rate limit per client (300 requests a minute: far above
 * what a console needs, far below what hammering takes; 429 past it), then ApiTokenGuard on every
 * route (access-control.ts says how), which refuses a client after 10 failed authentications in a
 * minute.
 */
@Module({
  imports: [TokensModule, ThrottlerModule.forRoot([{ name: 'api', ttl: 60_000, limit: 300 }])],
  providers: [
    FailedAuthLimiter,
    { provide: APP_GUARD, useClass: ThrottlerGuard },
    { provide: APP_GUARD, useClass: ApiTokenGuard },
  ],
})
export class AuthModule {}
