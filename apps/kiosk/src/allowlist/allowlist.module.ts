import { Module } from '@nestjs/common';
import { AllowlistRevisionsRepository } from './allowlist-revisions.repository';

@Module({ providers: [AllowlistRevisionsRepository], exports: [AllowlistRevisionsRepository] })
export class AllowlistModule {}
