import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { WriteOutage, type Outage } from '../database/write-outage';
import { ServiceState } from '../lifecycle/service-state';
import { kioskConfig, type KioskConfigType } from '../config/kiosk.config';
import { kioskVersion } from '../version';
import { AuditExportService } from './audit-export.service';
import { AuditService } from './audit.service';

/**
 * Records the service starting (its version and Node.js, then the configuration it runs with)
 * and stopping, so that the log tells when the terminal was not watching. Part of the service
 * only, not of the CLI. The stop is recorded before the database closes.
 */
@Injectable()
export class ServiceLifecycleRecorder implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly audit: AuditService,
    @Inject(kioskConfig.KEY) private readonly config: KioskConfigType,
    private readonly exports: AuditExportService,
    private readonly outage: WriteOutage,
    private readonly state: ServiceState,
    @InjectPinoLogger(ServiceLifecycleRecorder.name) private readonly logger: PinoLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const startedAt = new Date();
    try {
      await this.recordStart(null);
    } catch (err) {
      if (!this.outage.isStorageFailure(err)) throw err;
      // The log cannot be written (full, read-only): the service starts anyway, out of service
      // and saying why in health, and records its start once the log can be written again,
      // after the alarm that tells of the outage.
      this.logger.error({ err }, 'the start could not be recorded: recorded once the log can be');
      const later = (outage: Outage | null) => {
        if (outage !== null) return;
        this.outage.off('changed', later);
        this.recordStart(startedAt).catch((lateErr: unknown) =>
          this.logger.error({ err: lateErr }, 'the start could not be recorded'),
        );
      };
      this.outage.on('changed', later);
    }
  }

  /** `lateFrom`: when the service started, for a start recorded late (the log was unwritable). */
  private async recordStart(lateFrom: Date | null): Promise<void> {
    const late = lateFrom ? { startedAt: lateFrom.toISOString() } : {};
    await this.audit.record({
      type: 'service',
      outcome: 'started',
      // The signing key is made here on a first start, and its fingerprint is on the record.
      detail: {
        version: kioskVersion(),
        node: process.version,
        pid: process.pid,
        auditKeyFingerprint: this.exports.fingerprint,
        ...late,
      },
    });
    await this.audit.record({
      type: 'service',
      outcome: 'configuration-loaded',
      detail: { ...configurationSummary(this.config), ...late },
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    const signal = this.state.signal;
    try {
      await this.audit.record({
        type: 'service',
        outcome: 'stopped',
        detail: { signal: signal ?? null },
      });
    } catch (err) {
      // The stop goes on: the outage (and its journal) tells the next run what was not recorded.
      if (!this.outage.isStorageFailure(err)) throw err;
      this.logger.error({ err }, 'the stop could not be recorded: the audit log cannot be written');
    }
  }
}

/** What the terminal runs with, for the record: wiring and places, never a key or a path to one. */
function configurationSummary(config: KioskConfigType): Record<string, unknown> {
  return {
    timeZone: config.site.timeZone,
    doorBus: config.doorBus.serialPort === null ? 'simulator' : config.doorBus.serialPort,
    baudRate: config.doorBus.baudRate,
    doors: config.doors.map((d) => ({
      id: d.id,
      address: d.address,
      relayOutput: d.relayOutput,
      pulseMs: d.pulseMs,
      heldOpenMs: d.heldOpenMs,
      readers: d.readers,
      osdpReaders: d.osdpReaders,
    })),
    readerPattern: config.reader.pattern,
    http: `${config.http.host}:${config.http.port}`,
  };
}
