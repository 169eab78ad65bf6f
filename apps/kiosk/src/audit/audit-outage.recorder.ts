import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { UnitOfWork } from '../database/unit-of-work';
import { WriteOutage } from '../database/write-outage';
import { AuditService } from './audit.service';

/** While the log cannot be written, how often to try again with nothing else to write. */
const PROBE_MS = 2000;

/**
 * The record that the audit log could not be written for a while: the first record once it can
 * again, in the same transaction as whatever write gets through first (WriteOutage.recoveryIn),
 * with when, why and how many taps were refused. While nothing else writes, a probe tries every
 * two seconds, so the recovery is recorded (and health and the doors come back) without a tap.
 */
@Injectable()
export class AuditOutageRecorder implements OnModuleInit, OnModuleDestroy {
  private probe: NodeJS.Timeout | null = null;

  constructor(
    private readonly outage: WriteOutage,
    private readonly audit: AuditService,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  onModuleInit(): void {
    this.outage.recoveryIn = (tx, outage) => {
      this.audit.recordIn(tx, {
        type: 'service',
        outcome: 'audit-log-restored',
        reason: outage.cause,
        detail: {
          since: outage.since.toISOString(),
          failedWrites: outage.failedWrites,
          refusedTaps: outage.refusedTaps,
          restarts: outage.restarts,
        },
      });
    };
    this.outage.on('changed', (outage) => (outage ? this.startProbe() : this.stopProbe()));
    if (this.outage.outage) this.startProbe();
  }

  onModuleDestroy(): void {
    this.stopProbe();
  }

  private startProbe(): void {
    if (this.probe) return;
    this.probe = setInterval(() => {
      // An empty write: if it commits, the recovery record went with it.
      this.unitOfWork.write(() => undefined).catch(() => undefined);
    }, PROBE_MS);
    this.probe.unref();
  }

  private stopProbe(): void {
    if (this.probe) clearInterval(this.probe);
    this.probe = null;
  }
}
