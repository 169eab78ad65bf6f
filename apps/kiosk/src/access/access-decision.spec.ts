import fc from 'fast-check';
import {
  DENY_REASONS,
  EVERY_DOOR,
  decideAccess,
  type AccessRequest,
  type DenyReason,
  type GroupDoorRule,
} from './access-decision';
import type { Schedule, WeeklyWindow } from './schedule-rule';
import type { ClockPolicy } from '../clock/clock-trust';

const NOW = new Date('2026-11-23T10:00:00.000Z');
const MONDAY_10_00 = { date: '2026-11-23', dayOfWeek: 1, minuteOfDay: 600 };

const scheduleOf = (...weekly: WeeklyWindow[]): Schedule => ({
  weekly,
  holidayWindows: [],
  holidays: new Set(),
});
/** One group that opens `doorId` within `schedule` (null: at any time). */
const groupFor = (doorId: string, schedule: Schedule | null = null) => ({
  doors: [{ doorId, schedule }] as GroupDoorRule[],
});

function aRequest(overrides: Partial<AccessRequest> = {}): AccessRequest {
  return {
    now: NOW,
    localTime: MONDAY_10_00,
    card: { ok: true },
    door: { id: 'main', lockdown: false },
    credential: { status: 'active', validFrom: null, validUntil: null },
    holder: { status: 'active', validFrom: null, validUntil: null },
    groups: [groupFor(EVERY_DOOR)],
    clock: { trusted: true },
    ...overrides,
  };
}
const MONDAY_ALL_DAY: WeeklyWindow[] = [{ dayOfWeek: 1, startMinute: 0, endMinute: 1440 }];
const mondayUntil10 = scheduleOf({ dayOfWeek: 1, startMinute: 0, endMinute: 600 });

const before = new Date(NOW.getTime() - 1);
const after = new Date(NOW.getTime() + 1);

describe('decideAccess', () => {
  it('grants an active credential of an active holder with no restrictions', () => {
    expect(decideAccess(aRequest())).toEqual({ granted: true });
  });

  const cases: Array<[DenyReason, Partial<AccessRequest>]> = [
    ['unreadable-card', { card: { ok: false, refusal: 'unreadable-card' } }],
    ['random-uid', { card: { ok: false, refusal: 'random-uid' } }],
    ['no-credential', { card: { ok: false, refusal: 'no-credential' } }],
    ['no-pan-card', { card: { ok: false, refusal: 'no-pan-card' } }],
    ['door-lockdown', { door: { id: 'main', lockdown: true } }],
    ['unknown', { credential: null, holder: null }],
    ['revoked', { credential: { status: 'revoked', validFrom: null, validUntil: null } }],
    ['suspended', { credential: { status: 'suspended', validFrom: null, validUntil: null } }],
    ['clock-untrusted', { clock: { trusted: false, policy: 'deny-all' } }],
    ['not-yet-valid', { credential: { status: 'active', validFrom: after, validUntil: null } }],
    ['expired', { credential: { status: 'active', validFrom: null, validUntil: NOW } }],
    [
      'used-up',
      { credential: { status: 'active', validFrom: null, validUntil: null, usesLeft: 0 } },
    ],
    ['no-access-group', { groups: [] }],
    ['door-not-permitted', { groups: [groupFor('back')] }],
    ['outside-time-window', { groups: [groupFor('main', mondayUntil10)] }],
  ];

  it('has a case for every deny reason', () => {
    expect(cases.map(([reason]) => reason).sort()).toEqual([...DENY_REASONS].sort());
  });

  it.each(cases)('denies with %s', (reason, overrides) => {
    expect(decideAccess(aRequest(overrides))).toEqual({ granted: false, reason });
  });

  it('applies the holder state as well as the credential state', () => {
    expect(
      decideAccess(
        aRequest({ holder: { status: 'suspended', validFrom: null, validUntil: null } }),
      ),
    ).toEqual({
      granted: false,
      reason: 'suspended',
    });
    expect(
      decideAccess(aRequest({ holder: { status: 'active', validFrom: after, validUntil: null } })),
    ).toEqual({
      granted: false,
      reason: 'not-yet-valid',
    });
    expect(
      decideAccess(aRequest({ holder: { status: 'active', validFrom: null, validUntil: before } })),
    ).toEqual({
      granted: false,
      reason: 'expired',
    });
  });

  it('treats validFrom as inclusive and validUntil as exclusive', () => {
    expect(
      decideAccess(
        aRequest({ credential: { status: 'active', validFrom: NOW, validUntil: after } }),
      ),
    ).toEqual({
      granted: true,
    });
  });

  it('grants inside a time window and ignores windows on other days', () => {
    const schedule = scheduleOf(
      { dayOfWeek: 0, startMinute: 0, endMinute: 1440 },
      { dayOfWeek: 1, startMinute: 480, endMinute: 601 },
      { dayOfWeek: 2, startMinute: 480, endMinute: 601 },
    );
    const groups = [groupFor('main', schedule)];
    expect(decideAccess(aRequest({ groups }))).toEqual({ granted: true });
    expect(
      decideAccess(
        aRequest({ groups, localTime: { date: '2026-11-25', dayOfWeek: 3, minuteOfDay: 600 } }),
      ),
    ).toEqual({ granted: false, reason: 'outside-time-window' });
  });

  it('tells a door at any time (null) from a schedule with no windows (never)', () => {
    expect(decideAccess(aRequest({ groups: [groupFor('main', null)] }))).toEqual({
      granted: true,
    });
    expect(decideAccess(aRequest({ groups: [groupFor('main', scheduleOf())] }))).toEqual({
      granted: false,
      reason: 'outside-time-window',
    });
  });

  it('opens a door that any one of the holder groups opens now', () => {
    const closed = groupFor('main', scheduleOf());
    expect(decideAccess(aRequest({ groups: [closed, groupFor('main')] }))).toEqual({
      granted: true,
    });
    expect(
      decideAccess(aRequest({ groups: [closed, { doors: [{ doorId: 'back', schedule: null }] }] })),
    ).toEqual({ granted: false, reason: 'outside-time-window' });
    // Two schedules, one open now and one not: the open one lets the holder in.
    expect(
      decideAccess(aRequest({ groups: [closed, groupFor('main', scheduleOf(...MONDAY_ALL_DAY))] })),
    ).toEqual({ granted: true });
    // A group with the door and every door: either entry may open it.
    const both = { doors: [...closed.doors, { doorId: EVERY_DOOR, schedule: null }] };
    expect(decideAccess(aRequest({ groups: [both] }))).toEqual({ granted: true });
  });

  it('matches a door by its whole id, and * as every door', () => {
    const at = (groupDoor: string, door: string) =>
      decideAccess(
        aRequest({ groups: [groupFor(groupDoor)], door: { id: door, lockdown: false } }),
      );
    expect(at('main', 'main')).toEqual({ granted: true });
    expect(at('*', 'cellar')).toEqual({ granted: true });
    expect(at('mai', 'main')).toEqual({ granted: false, reason: 'door-not-permitted' });
    expect(at('main', 'main2')).toEqual({ granted: false, reason: 'door-not-permitted' });
  });

  it('denies a holder in no group even on a door open at any time', () => {
    expect(decideAccess(aRequest({ groups: [] }))).toEqual({
      granted: false,
      reason: 'no-access-group',
    });
    expect(decideAccess(aRequest({ groups: [{ doors: [] }] }))).toEqual({
      granted: false,
      reason: 'door-not-permitted',
    });
  });

  it('names the card problem before the door state, and lockdown before the allowlist', () => {
    expect(
      decideAccess(
        aRequest({
          card: { ok: false, refusal: 'random-uid' },
          door: { id: 'main', lockdown: true },
          credential: null,
        }),
      ),
    ).toEqual({ granted: false, reason: 'random-uid' });
    expect(
      decideAccess(aRequest({ door: { id: 'main', lockdown: true }, credential: null })),
    ).toEqual({
      granted: false,
      reason: 'door-lockdown',
    });
  });

  it('says revoked before suspended or expired', () => {
    const credential = { status: 'revoked' as const, validFrom: null, validUntil: before };
    expect(
      decideAccess(
        aRequest({
          credential,
          holder: { status: 'suspended', validFrom: null, validUntil: null },
        }),
      ),
    ).toEqual({ granted: false, reason: 'revoked' });
  });

  it('denies a credential with no holder, and a holder with no credential, without throwing', () => {
    const active = { status: 'active' as const, validFrom: null, validUntil: null };
    expect(decideAccess(aRequest({ credential: active, holder: null }))).toEqual({
      granted: false,
      reason: 'unknown',
    });
    expect(decideAccess(aRequest({ credential: null, holder: active }))).toEqual({
      granted: false,
      reason: 'unknown',
    });
  });

  it('opens a window at its start minute, not the minute before', () => {
    const groups = [
      groupFor('main', scheduleOf({ dayOfWeek: 1, startMinute: 480, endMinute: 600 })),
    ];
    const at = (minuteOfDay: number) =>
      decideAccess(aRequest({ groups, localTime: { ...MONDAY_10_00, minuteOfDay } }));
    expect(at(479)).toEqual({ granted: false, reason: 'outside-time-window' });
    expect(at(480)).toEqual({ granted: true });
    expect(at(481)).toEqual({ granted: true });
    expect(at(599)).toEqual({ granted: true });
    expect(at(600)).toEqual({ granted: false, reason: 'outside-time-window' });
  });

  it('lets a visitor card with entries left pass, and names a used-up one after expiry', () => {
    const card = (usesLeft: number | null, validUntil: Date | null = null) => ({
      status: 'active' as const,
      validFrom: null,
      validUntil,
      usesLeft,
    });
    expect(decideAccess(aRequest({ credential: card(1) }))).toEqual({ granted: true });
    expect(decideAccess(aRequest({ credential: card(null) }))).toEqual({ granted: true });
    expect(decideAccess(aRequest({ credential: card(0) }))).toEqual({
      granted: false,
      reason: 'used-up',
    });
    expect(decideAccess(aRequest({ credential: card(0, NOW) }))).toEqual({
      granted: false,
      reason: 'expired',
    });
    expect(
      decideAccess(
        aRequest({
          credential: card(0),
          groups: [groupFor('main', scheduleOf({ dayOfWeek: 2, startMinute: 0, endMinute: 10 }))],
        }),
      ),
    ).toEqual({ granted: false, reason: 'used-up' });
  });

  describe('while the clock cannot be trusted', () => {
    const untrusted = (policy: ClockPolicy) => ({ clock: { trusted: false as const, policy } });
    const dated = (validFrom: Date | null, validUntil: Date | null) => ({
      status: 'active' as const,
      validFrom,
      validUntil,
    });
    /** A holder whom a schedule lets through now (Monday 10:00 is inside 08:00-18:00). */
    const scheduled = {
      groups: [groupFor('main', scheduleOf({ dayOfWeek: 1, startMinute: 480, endMinute: 1080 }))],
    };
    const decide = (policy: ClockPolicy, overrides: Partial<AccessRequest>) =>
      decideAccess(aRequest({ ...overrides, ...untrusted(policy) }));
    const clockUntrusted = { granted: false, reason: 'clock-untrusted' };

    it('deny-scheduled: denies whom a schedule or a validity date lets in, passes the rest', () => {
      expect(decide('deny-scheduled', {})).toEqual({ granted: true });
      expect(decide('deny-scheduled', scheduled)).toEqual(clockUntrusted);
      expect(decide('deny-scheduled', { credential: dated(before, null) })).toEqual(clockUntrusted);
      expect(decide('deny-scheduled', { holder: dated(null, after) })).toEqual(clockUntrusted);
      // One group at any time is enough: that holder's access does not depend on the clock here.
      expect(decide('deny-scheduled', { groups: [...scheduled.groups, groupFor('main')] })).toEqual(
        { granted: true },
      );
      // What does not depend on the clock keeps its own reason.
      expect(decide('deny-scheduled', { groups: [groupFor('back', mondayUntil10)] })).toEqual({
        granted: false,
        reason: 'door-not-permitted',
      });
      expect(
        decide('deny-scheduled', {
          credential: { ...dated(null, null), usesLeft: 0 },
          ...scheduled,
        }),
      ).toEqual({ granted: false, reason: 'used-up' });
    });

    it('ignore-schedules: judges as if no schedule or date restricted anyone', () => {
      expect(decide('ignore-schedules', { groups: [groupFor('main', mondayUntil10)] })).toEqual({
        granted: true,
      });
      expect(decide('ignore-schedules', { credential: dated(after, null) })).toEqual({
        granted: true,
      });
      expect(decide('ignore-schedules', { holder: dated(null, before) })).toEqual({
        granted: true,
      });
      expect(decide('ignore-schedules', { groups: [groupFor('back', null)] })).toEqual({
        granted: false,
        reason: 'door-not-permitted',
      });
    });

    it('deny-all: denies every known card, after the reasons that do not need the clock', () => {
      expect(decide('deny-all', {})).toEqual(clockUntrusted);
      expect(decide('deny-all', scheduled)).toEqual(clockUntrusted);
      expect(decide('deny-all', { credential: null, holder: null })).toEqual({
        granted: false,
        reason: 'unknown',
      });
    });

    it('a trusted clock judges dates and schedules as ever', () => {
      expect(decideAccess(aRequest(scheduled))).toEqual({ granted: true });
      expect(decideAccess(aRequest({ groups: [groupFor('main', mondayUntil10)] }))).toEqual({
        granted: false,
        reason: 'outside-time-window',
      });
    });
  });

  /**
   * The precedence, exhaustively: each reason is made true by one change to a granted request.
   * Any set of them, applied from the last reason to the first (so that none undoes an earlier
   * one), must be denied with the first of the set in DENY_REASONS order, which is the documented
   * precedence; the empty set is a grant.
   */
  describe('precedence', () => {
    const faults: Record<DenyReason, (r: AccessRequest) => AccessRequest> = {
      'unreadable-card': (r) => ({ ...r, card: { ok: false, refusal: 'unreadable-card' } }),
      'random-uid': (r) => ({ ...r, card: { ok: false, refusal: 'random-uid' } }),
      'no-credential': (r) => ({ ...r, card: { ok: false, refusal: 'no-credential' } }),
      'no-pan-card': (r) => ({ ...r, card: { ok: false, refusal: 'no-pan-card' } }),
      'door-lockdown': (r) => ({ ...r, door: { ...r.door, lockdown: true } }),
      unknown: (r) => ({ ...r, credential: null }),
      revoked: (r) => ({
        ...r,
        credential: r.credential && { ...r.credential, status: 'revoked' },
      }),
      suspended: (r) => ({ ...r, holder: r.holder && { ...r.holder, status: 'suspended' } }),
      'clock-untrusted': (r) => ({ ...r, clock: { trusted: false, policy: 'deny-all' } }),
      'not-yet-valid': (r) => ({ ...r, holder: r.holder && { ...r.holder, validFrom: after } }),
      expired: (r) => ({
        ...r,
        credential: r.credential && { ...r.credential, validUntil: before },
      }),
      'used-up': (r) => ({ ...r, credential: r.credential && { ...r.credential, usesLeft: 0 } }),
      'no-access-group': (r) => ({ ...r, groups: [] }),
      'door-not-permitted': (r) => ({ ...r, groups: [groupFor('back')] }),
      'outside-time-window': (r) => ({ ...r, groups: [groupFor('main', mondayUntil10)] }),
    };

    it('has a fault for every reason, and the fault alone gives its reason', () => {
      expect(Object.keys(faults).sort()).toEqual([...DENY_REASONS].sort());
      for (const reason of DENY_REASONS)
        expect(decideAccess(faults[reason](aRequest()))).toEqual({ granted: false, reason });
    });

    it('names the first reason of every pair', () => {
      DENY_REASONS.forEach((first, i) =>
        DENY_REASONS.slice(i + 1).forEach((later) =>
          expect(decideAccess(faults[first](faults[later](aRequest())))).toEqual({
            granted: false,
            reason: first,
          }),
        ),
      );
    });

    it('names the first reason of any set', () => {
      fc.assert(
        fc.property(fc.subarray([...DENY_REASONS]), (set) => {
          const request = [...set].reverse().reduce((r, reason) => faults[reason](r), aRequest());
          const expected =
            set.length === 0 ? { granted: true } : { granted: false, reason: set[0] };
          expect(decideAccess(request)).toEqual(expected);
        }),
      );
    });
  });
});
