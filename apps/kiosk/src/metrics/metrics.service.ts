import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ReaderManager } from '@kiosk/card';
import { AuditRepository } from '../audit/audit.repository';
import { AuditStream } from '../audit/audit-stream';
import { WriteOutage } from '../database/write-outage';
import { DoorsService } from '../doors/doors.service';
import { TapOrchestrator } from '../tap/tap.orchestrator';
import { KioskMetrics } from './kiosk-metrics';

/** Feeds KioskMetrics from the app: decisions from the audit stream, timings from the tap path. */
@Injectable()
export class MetricsService implements OnModuleInit {
  readonly metrics: KioskMetrics;

  constructor(
    doors: DoorsService,
    readers: ReaderManager,
    audit: AuditRepository,
    private readonly outage: WriteOutage,
    private readonly stream: AuditStream,
    private readonly tap: TapOrchestrator,
  ) {
    this.metrics = new KioskMetrics({
      doors: () => doors.list(),
      readers: () => readers.status(),
      auditHead: () => audit.head().seq,
      auditWritable: () => outage.outage === null,
    });
  }

  onModuleInit(): void {
    // Counted from the committed record: a decision that could not be recorded was not made.
    this.stream.on('record', (record) => {
      if (record.type !== 'access-decision' || record.outcome === null) return;
      const detail = JSON.parse(record.detail) as { decideMs?: unknown };
      this.metrics.decided(
        record.doorId ?? '',
        record.outcome,
        record.reason,
        typeof detail.decideMs === 'number' ? detail.decideMs : null,
      );
    });
    this.tap.on('door-acknowledged', ({ doorId, granted, seconds }) =>
      this.metrics.doorAcknowledged(doorId, granted ? 'granted' : 'denied', seconds),
    );
    this.outage.on('failed', () => this.metrics.writeFailed());
  }
}
