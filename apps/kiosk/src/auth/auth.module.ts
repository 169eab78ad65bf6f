import { type ExecutionContext, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { kioskConfig, type KioskConfigType } from '../config/kiosk.config';
import { TokensModule } from '../tokens/tokens.module';
import { ApiTokenGuard } from './api-token.guard';
import { FailedAuthLimiter } from './failed-auth-limiter';
import { SlidingWindowThrottlerStorage } from './sliding-window-throttler.storage';

/**
 * The HTTP API's guards, in order: a rate limit per client address over the whole API
 * (`http.rateLimitPerMinute`, 300 requests a minute by default: far above what a console needs,
 * far below what hammering takes; 429 past it; the admin API benchmark raises it to measure the
 * routes; counted by SlidingWindowThrottlerStorage), then ApiTokenGuard on every
 * route (access-control.ts says how), which refuses a client after 10 failed authentications in a
 * minute.
 */
@Module({
  imports: [
    TokensModule,
    ThrottlerModule.forRootAsync({
      inject: [kioskConfig.KEY],
      useFactory: (config: KioskConfigType) => ({
        // 'default': the name @SkipThrottle() skips (health and metrics are not counted).
        throttlers: [{ name: 'default', ttl: 60_000, limit: config.http.rateLimitPerMinute }],
        storage: new SlidingWindowThrottlerStorage(),
        // One count per client for the whole API (the library's own key is per client and route).
        generateKey: (_context: ExecutionContext, client: string) => client,
      }),
    }),
  ],
  providers: [
    FailedAuthLimiter,
    { provide: APP_GUARD, useClass: ThrottlerGuard },
    { provide: APP_GUARD, useClass: ApiTokenGuard },
  ],
})
export class AuthModule {}
