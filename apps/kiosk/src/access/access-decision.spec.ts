import { DENY_REASONS, decideAccess, type AccessRequest, type DenyReason } from './access-decision';

const NOW = new Date('2026-11-23T10:00:00.000Z');

function aRequest(overrides: Partial<AccessRequest> = {}): AccessRequest {
  return {
    now: NOW,
    localTime: { dayOfWeek: 1, minuteOfDay: 600 },
    card: { ok: true },
    door: { lockdown: false },
    credential: { status: 'active', validFrom: null, validUntil: null },
    holder: { status: 'active', validFrom: null, validUntil: null },
    timeWindows: null,
    ...overrides,
  };
}

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
    ['door-lockdown', { door: { lockdown: true } }],
    ['unknown', { credential: null, holder: null }],
    ['revoked', { credential: { status: 'revoked', validFrom: null, validUntil: null } }],
    ['suspended', { credential: { status: 'suspended', validFrom: null, validUntil: null } }],
    ['not-yet-valid', { credential: { status: 'active', validFrom: after, validUntil: null } }],
    ['expired', { credential: { status: 'active', validFrom: null, validUntil: NOW } }],
    [
      'used-up',
      { credential: { status: 'active', validFrom: null, validUntil: null, usesLeft: 0 } },
    ],
    ['outside-time-window', { timeWindows: [{ daysOfWeek: [1], startMinute: 0, endMinute: 600 }] }],
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
    const windows = [
      { daysOfWeek: [0], startMinute: 0, endMinute: 1440 },
      { daysOfWeek: [1, 2], startMinute: 480, endMinute: 601 },
    ];
    expect(decideAccess(aRequest({ timeWindows: windows }))).toEqual({ granted: true });
    expect(
      decideAccess(
        aRequest({ timeWindows: windows, localTime: { dayOfWeek: 3, minuteOfDay: 600 } }),
      ),
    ).toEqual({
      granted: false,
      reason: 'outside-time-window',
    });
  });

  it('tells no restriction (null) from a schedule with no windows ([]: never)', () => {
    expect(decideAccess(aRequest({ timeWindows: null }))).toEqual({ granted: true });
    expect(decideAccess(aRequest({ timeWindows: [] }))).toEqual({
      granted: false,
      reason: 'outside-time-window',
    });
  });

  it('names the card problem before the door state, and lockdown before the allowlist', () => {
    expect(
      decideAccess(
        aRequest({
          card: { ok: false, refusal: 'random-uid' },
          door: { lockdown: true },
          credential: null,
        }),
      ),
    ).toEqual({ granted: false, reason: 'random-uid' });
    expect(decideAccess(aRequest({ door: { lockdown: true }, credential: null }))).toEqual({
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
    const windows = [{ daysOfWeek: [1], startMinute: 480, endMinute: 600 }];
    const at = (minuteOfDay: number) =>
      decideAccess(aRequest({ timeWindows: windows, localTime: { dayOfWeek: 1, minuteOfDay } }));
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
          timeWindows: [{ daysOfWeek: [2], startMinute: 0, endMinute: 10 }],
        }),
      ),
    ).toEqual({ granted: false, reason: 'used-up' });
  });
});
