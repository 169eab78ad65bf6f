import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DoorsModule } from '../doors/doors.module';
import { HealthController } from './health.controller';

@Module({
  imports: [TerminusModule.forRoot({ logger: false }), DoorsModule],
  controllers: [HealthController],
})
export class HealthModule {}
