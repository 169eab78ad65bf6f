import type { CardRead, Credential } from '@kiosk/card';
import { AccessGroupsService } from '../access-groups/access-groups.service';
import { HoldersService } from '../holders/holders.service';
import { HolidayCalendarsService } from '../schedules/holiday-calendars.service';
import type { WindowText } from '../schedules/schedule';
import { SchedulesService } from '../schedules/schedules.service';
import { openTestDatabase, type TestDatabase } from '../testing/test-database';
import { AccessModule } from './access.module';
import { AccessService } from './access.service';

const CLI = { kind: 'cli', user: 'test' } as const;
const UID = '04A224E2C35E80';

function readOf(
  credential: Credential | null,
  reason: 'random-uid' | 'card-removed' | 'no-pan-card' = 'random-uid',
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
  let holders: HoldersService;
  let groups: AccessGroupsService;
  let schedules: SchedulesService;
  let holderId: string;
  const open = { id: 'main', lockdown: false };
  const ada = () => readOf({ kind: 'uid', uid: UID });

  beforeEach(async () => {
    // The site is in Berlin; the process may run in any zone (CI runs in UTC).
    db = await openTestDatabase([AccessModule], { KIOSK_TIME_ZONE: 'Europe/Berlin' });
    access = db.module.get(AccessService);
    holders = db.module.get(HoldersService, { strict: false });
    groups = db.module.get(AccessGroupsService, { strict: false });
    schedules = db.module.get(SchedulesService, { strict: false });
    const everyone = groups.list().find((g) => g.name === 'Everyone')!;
    const created = await holders.create(
      { displayName: 'Ada', uids: [UID], groupIds: [everyone.id] },
      CLI,
    );
    holderId = created.id;
  });
  afterEach(() => db.close());

  /** Puts Ada in one new group that opens `doorId` within the given windows. */
  async function onlyWithin(doorId: string, windows: WindowText[]) {
    const schedule = await schedules.create(
      { name: 'Office', holidayCalendarId: null, windows, holidayWindows: [] },
      CLI,
    );
    const group = await groups.save(
      null,
      { name: 'Office staff', doors: [{ doorId, scheduleId: schedule.id }] },
      CLI,
    );
    await holders.update(holderId, { groupIds: [group.id] }, CLI);
    return { schedule, group };
  }

  it('grants an enrolled card of the Everyone group, naming its holder', () => {
    expect(access.decide(ada(), open, new Date())).toEqual({
      decision: { granted: true },
      holder: { id: holderId, displayName: 'Ada' },
      credential: { id: expect.any(String), usesLeft: null },
    });
  });

  it('greets the holder by their LCD name when they have one', async () => {
    await holders.update(holderId, { lcdName: 'Dr. Lovelace' }, CLI);
    expect(access.decide(ada(), open, new Date()).holder).toEqual({
      id: holderId,
      displayName: 'Dr. Lovelace',
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
    expect(access.decide(readOf(null, 'no-pan-card'), open, new Date()).decision).toEqual({
      granted: false,
      reason: 'no-pan-card',
    });
    expect(access.decide(ada(), { id: 'main', lockdown: true }, new Date()).decision).toEqual({
      granted: false,
      reason: 'door-lockdown',
    });
  });

  it('opens nothing for a holder in no group, from the very next tap', async () => {
    await holders.update(holderId, { groupIds: [] }, CLI);
    expect(access.decide(ada(), open, new Date()).decision).toEqual({
      granted: false,
      reason: 'no-access-group',
    });
  });

  it('opens only the doors of the holder groups', async () => {
    await onlyWithin('main', [
      { days: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'], start: '00:00', end: '24:00' },
    ]);
    expect(access.decide(ada(), open, new Date()).decision).toEqual({ granted: true });
    expect(access.decide(ada(), { id: 'back', lockdown: false }, new Date()).decision).toEqual({
      granted: false,
      reason: 'door-not-permitted',
    });
  });

  it('judges the group schedule on the site clock (Berlin), not the process clock', async () => {
    await onlyWithin('main', [{ days: ['wed'], start: '08:00', end: '17:00' }]);
    const decide = (iso: string) => access.decide(ada(), open, new Date(iso)).decision;
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

  it('keeps holiday hours on the dates of the schedule calendar, from the very next tap', async () => {
    const { schedule } = await onlyWithin('main', [
      { days: ['thu'], start: '08:00', end: '17:00' },
    ]);
    const christmasEve = new Date('2026-12-24T09:00:00Z'); // a Thursday, 10:00 in Berlin
    expect(access.decide(ada(), open, christmasEve).decision).toEqual({ granted: true });
    const calendars = db.module.get(HolidayCalendarsService, { strict: false });
    const calendar = await calendars.save(
      null,
      { name: 'Holidays', dates: [{ date: '2026-12-24', name: 'Christmas Eve' }] },
      CLI,
    );
    await schedules.update(
      schedule.id,
      { holidayCalendarId: calendar.id, holidayWindows: [{ start: '09:00', end: '12:00' }] },
      CLI,
    );
    expect(access.decide(ada(), open, christmasEve).decision).toEqual({ granted: true });
    expect(access.decide(ada(), open, new Date('2026-12-24T13:00:00Z')).decision).toEqual({
      granted: false,
      reason: 'outside-time-window',
    });
    await schedules.update(schedule.id, { holidayWindows: [] }, CLI);
    expect(access.decide(ada(), open, christmasEve).decision).toEqual({
      granted: false,
      reason: 'outside-time-window',
    });
  });

  it('follows a change made by another process (the CLI) from the next tap', () => {
    expect(access.decide(ada(), open, new Date()).decision).toEqual({ granted: true });
    const sql = db.outside();
    sql
      .prepare(
        "INSERT INTO schedules (id, name, created_at, updated_at) VALUES ('never', 'Never', 't', 't')",
      )
      .run();
    sql.prepare("UPDATE access_group_doors SET schedule_id = 'never' WHERE door_id = '*'").run();
    // Not yet: the policy follows revisions, and every change writes one with it.
    expect(access.decide(ada(), open, new Date()).decision).toEqual({ granted: true });
    sql
      .prepare(
        "INSERT INTO allowlist_revisions (at, entity, entity_id, action) VALUES ('t', 'access-group', 'g', 'update')",
      )
      .run();
    expect(access.decide(ada(), open, new Date()).decision).toEqual({
      granted: false,
      reason: 'outside-time-window',
    });
  });
});
