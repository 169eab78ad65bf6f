import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TokensModule } from '../tokens/tokens.module';
import { ApiTokenGuard } from './api-token.guard';

/** The HTTP API's authentication: ApiTokenGuard on every route (access-control.ts says how). */
@Module({
  imports: [TokensModule],
  providers: [{ provide: APP_GUARD, useClass: ApiTokenGuard }],
})
export class AuthModule {}
