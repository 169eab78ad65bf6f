import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
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
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.audit.record({
      type: 'service',
      outcome: 'started',
      // The signing key is made here on a first start, and its fingerprint is on the record.
      detail: {
        version: kioskVersion(),
        node: process.version,
        pid: process.pid,
        auditKeyFingerprint: this.exports.fingerprint,
      },
    });
    await this.audit.record({
      type: 'service',
      outcome: 'configuration-loaded',
      detail: configurationSummary(this.config),
    });
  }

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    await this.audit.record({
      type: 'service',
      outcome: 'stopped',
      detail: { signal: signal ?? null },
    });
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
