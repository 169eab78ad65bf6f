import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { EventsController } from './events.controller';

/** Live events (SSE) from the audit stream. */
@Module({ imports: [AuditModule], controllers: [EventsController] })
export class EventsModule {}
