import { Inject, Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import { localTimeIn } from '../access/local-time';
import { AuditRepository } from '../audit/audit.repository';
import { kioskConfig, type KioskConfigType } from '../config/kiosk.config';
import { neutraliseCell } from '../csv/spreadsheet-cell';
import { HoldersService } from '../holders/holders.service';

/** One holder on one day at one door: the first and last time they were let in. */
export interface AttendanceRow {
  /** The site's local date (KIOSK_TIME_ZONE), YYYY-MM-DD. */
  date: string;
  holderId: string;
  /** The holder's name now; empty when the holder has been deleted since. */
  holderName: string;
  doorId: string;
  firstGrantAt: string;
  lastGrantAt: string;
  grants: number;
}

export const ATTENDANCE_CSV_COLUMNS = [
  'date',
  'holder_id',
  'holder_name',
  'door_id',
  'first_grant',
  'last_grant',
  'first_grant_utc',
  'last_grant_utc',
  'grants',
] as const;

/** Records read at a time: a year of taps is read page by page. */
const PAGE = 5000;

/**
 * The attendance report: from the audit log's granted decisions, per holder and site-local day,
 * the first and last grant at each door. A second use of the log (who was in, and when), read
 * from the same records an auditor verifies.
 */
@Injectable()
export class AttendanceReportService {
  constructor(
    @Inject(kioskConfig.KEY) private readonly config: KioskConfigType,
    private readonly records: AuditRepository,
    private readonly holders: HoldersService,
  ) {}

  rows(range: { from?: Date; to?: Date }): AttendanceRow[] {
    const zone = this.config.site.timeZone;
    const days = new Map<string, AttendanceRow>();
    const filter = { ...range, types: ['access-decision'], outcome: 'granted' };
    for (let after = 0; ;) {
      const page = this.records.pageMatching(filter, after, PAGE);
      for (const r of page) {
        if (r.holderId === null || r.doorId === null) continue;
        const date = localTimeIn(zone, new Date(r.at)).date;
        const key = `${date}\u0000${r.holderId}\u0000${r.doorId}`;
        const day = days.get(key);
        // Sequence order is the order of the taps, whatever a clock step did to `at`.
        if (day) {
          day.lastGrantAt = r.at;
          day.grants += 1;
        } else
          days.set(key, {
            date,
            holderId: r.holderId,
            holderName: '',
            doorId: r.doorId,
            firstGrantAt: r.at,
            lastGrantAt: r.at,
            grants: 1,
          });
      }
      if (page.length < PAGE) break;
      after = page.at(-1)!.seq;
    }
    const names = new Map<string, string>();
    for (const row of days.values()) {
      if (!names.has(row.holderId))
        names.set(row.holderId, this.holders.findById(row.holderId)?.displayName ?? '');
      row.holderName = names.get(row.holderId)!;
    }
    return [...days.values()].sort(
      (a, b) =>
        a.date.localeCompare(b.date) ||
        a.holderName.localeCompare(b.holderName) ||
        a.holderId.localeCompare(b.holderId) ||
        a.doorId.localeCompare(b.doorId),
    );
  }

  /** The report as CSV: local times of the site, and the same moments in UTC. */
  csv(range: { from?: Date; to?: Date }): string {
    const zone = this.config.site.timeZone;
    const clock = (iso: string) => {
      const t = localTimeIn(zone, new Date(iso));
      const seconds = new Date(iso).getUTCSeconds(); // zones differ from UTC by whole minutes
      return `${String(Math.floor(t.minuteOfDay / 60)).padStart(2, '0')}:${String(t.minuteOfDay % 60).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
    };
    const rows = this.rows(range).map((r) => [
      r.date,
      r.holderId,
      neutraliseCell(r.holderName),
      neutraliseCell(r.doorId),
      clock(r.firstGrantAt),
      clock(r.lastGrantAt),
      r.firstGrantAt,
      r.lastGrantAt,
      String(r.grants),
    ]);
    return stringify([[...ATTENDANCE_CSV_COLUMNS], ...rows]);
  }
}
