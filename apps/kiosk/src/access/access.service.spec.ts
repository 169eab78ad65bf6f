import type { CardRead, Credential } from '@kiosk/card';
import { HoldersService } from '../holders/holders.service';
import { openTestDatabase, type TestDatabase } from '../testing/test-database';
import { AccessModule } from './access.module';
import { AccessService } from './access.service';

const CLI = { kind: 'cli', user: 'test' } as const;
const UID = '04A224E2C35E80';

function readOf(
  credential: Credential | null,
  reason: 'random-uid' | 'card-removed' = 'random-uid',
): CardRead {
  return {
    reader: 'Virtual PCD 00 00',
    atr: '',
    cardKind: 'contactless-storage',
    cardName: 'test',
    methodsTried: ['uid'],
    startedAt: new Date(),
    durationMs: 1,
    presentAtAttach: false,
    outcome: credential
      ? { ok: true, method: 'uid', credential }
      : { ok: false, reason, detail: 'test' },
  };
}

describe('AccessService on a real SQLite file, with the real migrations', () => {
  let db: TestDatabase;
  let access: AccessService;
  let holderId: string;
  const open = { lockdown: false };

  beforeEach(async () => {
    // The site is in Berlin; the process may run in any zone (CI runs in UTC).
    db = await openTestDatabase([AccessModule], { KIOSK_TIME_ZONE: 'Europe/Berlin' });
    access = db.module.get(AccessService);
    const created = await db.module
      .get(HoldersService, { strict: false })
      .create({ displayName: 'Ada', uids: [UID] }, CLI);
    holderId = created.id;
  });
  afterEach(() => db.close());

  /** Binds Ada to a schedule with one window, written as another process (the admin API) would. */
  const scheduleAda = (day: number, startMinute: number, endMinute: number) => {
    const sql = db.outside();
    sql
      .prepare(
        "INSERT INTO schedules (id, name, created_at, updated_at) VALUES ('s1', 'Office', 't', 't')",
      )
      .run();
    sql
      .prepare(
        'INSERT INTO schedule_windows (schedule_id, day_of_week, start_minute, end_minute) VALUES (?, ?, ?, ?)',
      )
      .run('s1', day, startMinute, endMinute);
    sql.prepare("UPDATE holders SET schedule_id = 's1' WHERE id = ?").run(holderId);
  };

  it('grants an enrolled card, naming its holder', () => {
    expect(access.decide(readOf({ kind: 'uid', uid: UID }), open, new Date())).toEqual({
      decision: { granted: true },
      holder: { id: holderId, displayName: 'Ada' },
      credential: { id: expect.any(String), usesLeft: null },
    });
  });

  it('denies an unknown card, a refused read and a locked-down door, and never throws', () => {
    expect(access.decide(readOf({ kind: 'uid', uid: '04000000000001' }), open, new Date())).toEqual(
      {
        decision: { granted: false, reason: 'unknown' },
        holder: null,
        credential: null,
      },
    );
    expect(access.decide(readOf(null), open, new Date()).decision).toEqual({
      granted: false,
      reason: 'random-uid',
    });
    expect(access.decide(readOf(null, 'card-removed'), open, new Date()).decision).toEqual({
      granted: false,
      reason: 'unreadable-card',
    });
    expect(
      access.decide(readOf({ kind: 'uid', uid: UID }), { lockdown: true }, new Date()).decision,
    ).toEqual({ granted: false, reason: 'door-lockdown' });
  });

  it('judges the holder schedule on the site clock (Berlin), not the process clock', () => {
    scheduleAda(3, 8 * 60, 17 * 60); // Wednesdays 08:00-17:00 in Berlin
    const decide = (iso: string) =>
      access.decide(readOf({ kind: 'uid', uid: UID }), open, new Date(iso)).decision;
    // Wednesday 2026-12-02: Berlin is UTC+1. 06:59Z is 07:59 there; 07:00Z is 08:00.
    expect(decide('2026-12-02T06:59:00Z')).toEqual({
      granted: false,
      reason: 'outside-time-window',
    });
    expect(decide('2026-12-02T07:00:00Z')).toEqual({ granted: true });
    expect(decide('2026-12-02T15:59:00Z')).toEqual({ granted: true });
    expect(decide('2026-12-02T16:00:00Z')).toEqual({
      granted: false,
      reason: 'outside-time-window',
    });
    // In summer (UTC+2) the same window starts an hour earlier in UTC.
    expect(decide('2026-07-01T06:00:00Z')).toEqual({ granted: true });
  });

  it('opens at no time for a holder bound to a schedule without windows', () => {
    const sql = db.outside();
    sql
      .prepare(
        "INSERT INTO schedules (id, name, created_at, updated_at) VALUES ('none', 'Never', 't', 't')",
      )
      .run();
    sql.prepare("UPDATE holders SET schedule_id = 'none' WHERE id = ?").run(holderId);
    expect(access.decide(readOf({ kind: 'uid', uid: UID }), open, new Date()).decision).toEqual({
      granted: false,
      reason: 'outside-time-window',
    });
  });
});
