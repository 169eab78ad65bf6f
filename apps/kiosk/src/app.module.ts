import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { KioskConfigModule } from './config/kiosk-config.module';
import { AuthModule } from './auth/auth.module';
import { AuditModule } from './audit/audit.module';
import { ServiceLifecycleRecorder } from './audit/service-lifecycle.recorder';
import { AuditRetention } from './audit/audit-retention';
import { DatabaseModule } from './database/database.module';
import { OutageJournalService } from './database/outage-journal.service';
import { HttpErrorsModule } from './errors/http-errors.module';
import { EventsModule } from './events/events.module';
import { JsonOnlyMiddleware } from './errors/json-only.middleware';
import { HealthModule } from './health/health.module';
import { HoldersModule } from './holders/holders.module';
import { ReportsModule } from './reports/reports.module';
import { kioskLoggerModule } from './logging';
import { LifecycleModule } from './lifecycle/lifecycle.module';
import { MetricsModule } from './metrics/metrics.module';
import { TapModule } from './tap/tap.module';

@Module({
  // The service's start and stop are recorded by the service only (the CLI shares AuditModule).
  providers: [ServiceLifecycleRecorder, AuditRetention, OutageJournalService],
  imports: [
    KioskConfigModule,
    LifecycleModule,
    kioskLoggerModule(),
    DatabaseModule.forRoot(),
    HoldersModule,
    TapModule,
    HealthModule,
    HttpErrorsModule,
    AuthModule,
    EventsModule,
    AuditModule,
    ReportsModule,
    MetricsModule,
  ],
})
export class AppModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(JsonOnlyMiddleware).forRoutes('*path');
  }
}
