import { parse } from 'csv-parse/sync';
import { AuditService } from '../audit/audit.service';
import { HoldersService } from '../holders/holders.service';
import { openTestDatabase, type TestDatabase } from '../testing/test-database';
import { AttendanceReportService } from './attendance-report.service';
import { ReportsModule } from './reports.module';

const CLI = { kind: 'cli', user: 'spec' } as const;

describe('the attendance report, from the audit log of a real SQLite file', () => {
  let db: TestDatabase;
  let report: AttendanceReportService;
  let audit: AuditService;
  let ada: string;
  let bob: string;

  beforeEach(async () => {
    // The site is in New York (UTC-5 in December): 03:00Z is still the day before there.
    db = await openTestDatabase([ReportsModule], { KIOSK_TIME_ZONE: 'America/New_York' });
    report = db.module.get(AttendanceReportService);
    audit = db.module.get(AuditService, { strict: false });
    const holders = db.module.get(HoldersService, { strict: false });
    ada = (await holders.create({ displayName: 'Ada', uids: [] }, CLI)).id;
    bob = (await holders.create({ displayName: '=Bob', uids: [] }, CLI)).id;
  });
  afterEach(() => db.close());

  const tap = (
    holderId: string,
    doorId: string,
    at: string,
    outcome: 'granted' | 'denied' = 'granted',
  ) => audit.record({ type: 'access-decision', at: new Date(at), holderId, doorId, outcome });

  it('gives each holder, local day and door its first and last grant, and only grants', async () => {
    await tap(ada, 'front', '2026-12-01T13:05:00Z'); // 08:05 in New York
    await tap(ada, 'front', '2026-12-01T17:30:10Z');
    await tap(ada, 'front', '2026-12-01T22:59:00Z'); // 17:59
    await tap(ada, 'back', '2026-12-01T15:00:00Z');
    await tap(ada, 'front', '2026-12-02T03:00:00Z'); // 22:00 on the 1st, there
    await tap(ada, 'front', '2026-12-02T14:00:00Z'); // the 2nd
    await tap(bob, 'front', '2026-12-01T12:00:00Z', 'denied');
    await tap(bob, 'front', '2026-12-01T16:00:00Z');

    expect(
      report
        .rows({})
        .map((r) => [r.date, r.holderName, r.doorId, r.firstGrantAt, r.lastGrantAt, r.grants]),
    ).toEqual([
      ['2026-12-01', '=Bob', 'front', '2026-12-01T16:00:00.000Z', '2026-12-01T16:00:00.000Z', 1],
      ['2026-12-01', 'Ada', 'back', '2026-12-01T15:00:00.000Z', '2026-12-01T15:00:00.000Z', 1],
      ['2026-12-01', 'Ada', 'front', '2026-12-01T13:05:00.000Z', '2026-12-02T03:00:00.000Z', 4],
      ['2026-12-02', 'Ada', 'front', '2026-12-02T14:00:00.000Z', '2026-12-02T14:00:00.000Z', 1],
    ]);
  });

  it('takes a time range, and writes CSV with site-local times and safe cells', async () => {
    await tap(ada, 'front', '2026-12-01T13:05:07Z');
    await tap(bob, 'front', '2026-12-01T16:00:00Z');
    await tap(ada, 'front', '2026-12-03T13:00:00Z');
    const csv = report.csv({
      from: new Date('2026-12-01T00:00:00Z'),
      to: new Date('2026-12-02T00:00:00Z'),
    });
    const rows = parse<Record<string, string>>(csv, { columns: true });
    expect(rows).toEqual([
      expect.objectContaining({
        date: '2026-12-01',
        holder_name: "'=Bob",
        first_grant: '11:00:00',
      }),
      expect.objectContaining({
        date: '2026-12-01',
        holder_id: ada,
        holder_name: 'Ada',
        door_id: 'front',
        first_grant: '08:05:07',
        last_grant: '08:05:07',
        first_grant_utc: '2026-12-01T13:05:07.000Z',
        grants: '1',
      }),
    ]);
  });

  it('keeps the rows of a holder deleted since, with no name', async () => {
    await tap(bob, 'front', '2026-12-01T16:00:00Z');
    await db.module.get(HoldersService, { strict: false }).delete(bob, CLI);
    expect(report.rows({})).toEqual([expect.objectContaining({ holderId: bob, holderName: '' })]);
  });
});
