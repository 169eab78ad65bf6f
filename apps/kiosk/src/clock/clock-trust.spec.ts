import {
  judgeClock,
  sameTrust,
  type ClockJudgement,
  type ClockRules,
  type NtpSync,
} from './clock-trust';

const EARLIEST = Date.parse('2026-12-01T00:00:00Z');
const NOON = Date.parse('2026-12-03T12:00:00Z');
const DAY = 86_400_000;
const RULES: ClockRules = { earliestMs: EARLIEST, jumpToleranceMs: 2000, requireSync: false };

/** Steps a judgement along: each step moves monotonic time by `elapsed`, wall time by `wall`. */
function aClock(rules: ClockRules = RULES, wallMs = NOON) {
  let mono = 1000;
  let wall = wallMs;
  let judgement: ClockJudgement | null = null;
  const look = (sync: NtpSync | null = null) =>
    (judgement = judgeClock(judgement, { wallMs: wall, monoMs: mono, sync }, rules));
  return {
    look,
    /** Elapsed time passes, and the wall clock moves `jumpMs` more (a jump when large). */
    pass(elapsedMs: number, jumpMs = 0, sync: NtpSync | null = null) {
      mono += elapsedMs;
      wall += elapsedMs + jumpMs;
      return look(sync);
    },
  };
}

describe('judgeClock', () => {
  it('trusts a plausible clock at start, whatever the sync state when sync is not required', () => {
    for (const sync of ['synchronised', 'not-synchronised', 'unknown'] as const)
      expect(aClock().look(sync).trust).toEqual({ trusted: true });
  });

  it('says unknown for a sync state never read (a look before a tap, before the first check)', () => {
    expect(aClock().look().sync).toBe('unknown');
  });

  it('trusts the build date itself, not the millisecond before', () => {
    expect(aClock(RULES, EARLIEST).look().trust).toEqual({ trusted: true });
    expect(aClock(RULES, EARLIEST - 1).look().trust).toMatchObject({ trusted: false });
  });

  it('does not trust a clock before the build date, and trusts it once past (by NTP)', () => {
    const clock = aClock(RULES, EARLIEST - 1);
    expect(clock.look('unknown').trust).toEqual({ trusted: false, reason: 'before-build-date' });
    // NTP sets it: a jump, cleared once NTP says it is synchronised.
    expect(clock.pass(60_000, DAY).trust).toMatchObject({ trusted: false, reason: 'jumped' });
    expect(clock.pass(60_000, 0, 'synchronised').trust).toEqual({ trusted: true });
  });

  it('says before-build-date over a jump while both hold', () => {
    const clock = aClock();
    clock.look();
    expect(clock.pass(60_000, -10 * DAY).trust).toEqual({
      trusted: false,
      reason: 'before-build-date',
    });
  });

  it.each([
    ['back a day', -DAY],
    ['forward a year', 365 * DAY],
    ['forward 2.001 s', 2001],
    ['back 2.001 s', -2001],
  ])('finds a jump %s, with how far', (_, jumpMs) => {
    const clock = aClock();
    clock.look();
    const judged = clock.pass(60_000, jumpMs);
    expect(judged.trust).toEqual({ trusted: false, reason: 'jumped', jumpMs });
    expect(judged.jumpedNow).toBe(jumpMs);
  });

  it('lets drift of up to 2 s pass as no jump', () => {
    const clock = aClock();
    clock.look();
    expect(clock.pass(60_000, 2000).trust).toEqual({ trusted: true });
    expect(clock.pass(60_000, -2000).jumpedNow).toBeNull();
  });

  it('keeps a jump untrusted until a later check finds NTP synchronised and no new jump', () => {
    const clock = aClock();
    clock.look('synchronised');
    // NTP said synchronised before the jump: that old word does not clear it.
    expect(clock.pass(1000, -DAY).trust).toMatchObject({ reason: 'jumped' });
    expect(clock.pass(1000).trust).toMatchObject({ reason: 'jumped' });
    expect(clock.pass(60_000, 0, 'unknown').trust).toMatchObject({ reason: 'jumped' });
    expect(clock.pass(60_000, 0, 'not-synchronised').trust).toMatchObject({ reason: 'jumped' });
    // A new jump in the same check as "synchronised" is still a jump.
    expect(clock.pass(60_000, DAY, 'synchronised').trust).toEqual({
      trusted: false,
      reason: 'jumped',
      jumpMs: DAY,
    });
    expect(clock.pass(60_000, 0, 'synchronised').trust).toEqual({ trusted: true });
  });

  it('with requireSync, trusts only a synchronised clock (unknown is not enough)', () => {
    const clock = aClock({ ...RULES, requireSync: true });
    expect(clock.look('unknown').trust).toEqual({ trusted: false, reason: 'not-synchronised' });
    expect(clock.pass(60_000, 0, 'synchronised').trust).toEqual({ trusted: true });
    // A look without a sync reading (before a tap) keeps the last one.
    expect(clock.pass(1000).trust).toEqual({ trusted: true });
    expect(clock.pass(60_000, 0, 'not-synchronised').trust).toEqual({
      trusted: false,
      reason: 'not-synchronised',
    });
  });

  it('measures each jump from the last look, not from the start', () => {
    const clock = aClock();
    clock.look();
    clock.pass(60_000, 1500);
    expect(clock.pass(60_000, 1500).trust).toEqual({ trusted: true }); // 3 s in all, 1.5 s a step
  });
});

describe('sameTrust', () => {
  it('tells trusted from untrusted, and one reason from another, not one jump from another', () => {
    expect(sameTrust({ trusted: true }, { trusted: true })).toBe(true);
    expect(sameTrust({ trusted: true }, { trusted: false, reason: 'jumped' })).toBe(false);
    expect(sameTrust({ trusted: false, reason: 'jumped' }, { trusted: true })).toBe(false);
    expect(
      sameTrust(
        { trusted: false, reason: 'jumped', jumpMs: 1 },
        { trusted: false, reason: 'jumped', jumpMs: 2 },
      ),
    ).toBe(true);
    expect(
      sameTrust(
        { trusted: false, reason: 'jumped' },
        { trusted: false, reason: 'before-build-date' },
      ),
    ).toBe(false);
  });
});
