import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { kioskConfig, type KioskConfigType } from '../config/kiosk.config';
import { DatabaseStatusService, FULL_WARNING_SHARE } from '../database/database-status';
import { UnitOfWork } from '../database/unit-of-work';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';

const DAY_MS = 86_400_000;
/** How often to look for what may be pruned. */
const EVERY_MS = 3_600_000;

/**
 * Retention (KIOSK_AUDIT_RETENTION_DAYS; off by default). Removes only a whole old stretch from
 * the start of the log: records older than the limit that were all exported (a signed export
 * read to its end, audit_exports). The last removed record's link stays as the anchor, so the
 * rest still verifies, and the prune is itself a record. Never a silent drop: what was not
 * exported is kept however old it is.
 */
@Injectable()
export class AuditRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(kioskConfig.KEY) private readonly config: KioskConfigType,
    private readonly records: AuditRepository,
    private readonly audit: AuditService,
    private readonly unitOfWork: UnitOfWork,
    private readonly database: DatabaseStatusService,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.audit.retentionDays === null && this.config.database.maxBytes === null) return;
    void this.prune().catch(() => undefined);
    this.timer = setInterval(() => void this.prune().catch(() => undefined), EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Prunes what may be pruned now; how many records went (0: none). */
  async prune(now: Date = new Date()): Promise<number> {
    const days = this.config.audit.retentionDays;
    // Near KIOSK_DB_MAX_MB, whatever was exported may go, however young: else no door opens soon.
    const nearlyFull = (this.database.usedShare() ?? 0) > FULL_WARNING_SHARE;
    if (days === null && !nearlyFull) return 0;
    const from = (this.records.anchor()?.seq ?? 0) + 1;
    const exported = this.records.exportedThrough(from);
    const firstYoung =
      nearlyFull || days === null
        ? null
        : this.records.firstSeqAtOrAfter(new Date(now.getTime() - days * DAY_MS));
    const upTo = Math.min(exported, firstYoung === null ? exported : firstYoung - 1);
    if (upTo < from) return 0;
    return this.unitOfWork.write((tx) => {
      const { records, anchorHash } = this.records.pruneIn(tx, upTo, now);
      this.audit.recordIn(tx, {
        type: 'service',
        outcome: 'audit-pruned',
        detail: {
          fromSeq: from,
          upToSeq: upTo,
          records,
          anchorHash,
          retentionDays: days,
          why: nearlyFull ? 'size' : 'age',
        },
      });
      return records;
    });
  }
}
