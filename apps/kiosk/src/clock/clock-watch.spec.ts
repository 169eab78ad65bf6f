import { AuditModule } from '../audit/audit.module';
import { AuditService } from '../audit/audit.service';
import { kioskConfig, type KioskConfigType } from '../config/kiosk.config';
import { openTestDatabase, type TestDatabase } from '../testing/test-database';
import type { NtpSync } from './clock-trust';
import { ClockWatch, type ClockStatus } from './clock-watch';

const DAY = 86_400_000;

describe('ClockWatch, recording into a real SQLite file', () => {
  let db: TestDatabase;
  let wall = 0;
  let mono = 0;
  let sync: NtpSync = 'unknown';

  async function aWatch(env: Record<string, string> = {}, requireSync = false) {
    db = await openTestDatabase([AuditModule], env);
    const config = db.module.get<KioskConfigType>(kioskConfig.KEY);
    const watch = new ClockWatch(
      { ...config, clock: { ...config.clock, requireSync } },
      db.module.get(AuditService),
    );
    watch.clocks = {
      wallMs: () => wall,
      monotonicMs: () => mono,
      ntpSync: () => Promise.resolve(sync),
    };
    const told: ClockStatus[] = [];
    watch.on('changed', (status) => told.push(status));
    return { watch, told };
  }
  beforeEach(() => {
    wall = Date.parse('2026-12-03T12:00:00Z');
    mono = 1000;
    sync = 'unknown';
  });
  afterEach(() => db.close());

  const records = () =>
    (
      db
        .outside()
        .prepare(
          "SELECT outcome, reason, detail FROM audit_events WHERE type = 'service' ORDER BY seq",
        )
        .all() as { outcome: string; reason: string | null; detail: string }[]
    ).map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> }));
  const pass = (elapsedMs: number, jumpMs = 0) => {
    mono += elapsedMs;
    wall += elapsedMs + jumpMs;
  };

  it('records nothing for a plausible clock at start, and a clock before the build date', async () => {
    const { watch } = await aWatch();
    await watch.onApplicationBootstrap();
    watch.onApplicationShutdown();
    expect(records()).toEqual([]);
    expect(watch.forDecision()).toEqual({ trusted: true });
    await db.close();

    wall = Date.parse('1970-01-01T00:05:00Z');
    const early = await aWatch({ KIOSK_CLOCK_POLICY: 'deny-all' });
    await early.watch.check();
    expect(records()).toEqual([
      expect.objectContaining({
        outcome: 'clock-untrusted',
        reason: 'before-build-date',
        detail: expect.objectContaining({
          clock: '1970-01-01T00:05:00.000Z',
          policy: 'deny-all',
        }) as unknown,
      }),
    ]);
    expect(early.watch.forDecision()).toEqual({ trusted: false, policy: 'deny-all' });
    expect(early.told.map((s) => s.trust.trusted)).toEqual([false]);
  });

  it('a jump back a day before a tap: recorded, untrusted until NTP says synchronised', async () => {
    const { watch, told } = await aWatch();
    await watch.check();
    pass(5000, -DAY);
    await watch.beforeTap();
    expect(watch.status()).toMatchObject({
      trust: { trusted: false, reason: 'jumped', jumpMs: -DAY },
      policy: 'deny-scheduled',
    });
    pass(60_000);
    await watch.check(); // unknown sync: stays
    expect(watch.status().trust.trusted).toBe(false);
    sync = 'synchronised';
    pass(60_000);
    await watch.check();
    expect(watch.status().trust).toEqual({ trusted: true });
    expect(records().map((r) => [r.outcome, r.reason, r.detail.jumpMs])).toEqual([
      ['clock-jumped', 'back', -DAY],
      ['clock-untrusted', 'jumped', -DAY],
      ['clock-trusted', null, undefined],
    ]);
    expect(told.map((s) => s.trust.trusted)).toEqual([false, true]);
  });

  it('records every jump, but a change of trust only once', async () => {
    const { watch } = await aWatch();
    await watch.check();
    pass(1000, 365 * DAY);
    await watch.beforeTap();
    pass(1000, 1500); // drift: nothing
    await watch.beforeTap();
    pass(1000, -365 * DAY);
    await watch.beforeTap();
    expect(records().map((r) => [r.outcome, r.reason])).toEqual([
      ['clock-jumped', 'forward'],
      ['clock-untrusted', 'jumped'],
      ['clock-jumped', 'back'],
    ]);
  });

  it('with requireSync, an unsynchronised clock is untrusted at start and trusted once synced', async () => {
    sync = 'not-synchronised';
    const { watch } = await aWatch({}, true);
    await watch.check();
    sync = 'synchronised';
    await watch.check();
    expect(records().map((r) => [r.outcome, r.reason, r.detail.sync])).toEqual([
      ['clock-untrusted', 'not-synchronised', 'not-synchronised'],
      ['clock-trusted', null, 'synchronised'],
    ]);
  });

  it("judges the start at bootstrap by the sync state asked for at init (Nest's order), once", async () => {
    const { watch } = await aWatch({}, true);
    let asked = 0;
    watch.clocks = {
      ...watch.clocks,
      ntpSync: () => (asked++, Promise.resolve(sync)),
    };
    sync = 'not-synchronised';
    watch.onModuleInit();
    expect(records()).toEqual([]);
    sync = 'synchronised';
    await watch.onApplicationBootstrap();
    watch.onApplicationShutdown();
    expect(asked).toBe(1);
    expect(records().map((r) => [r.outcome, r.reason, r.detail.sync])).toEqual([
      ['clock-untrusted', 'not-synchronised', 'not-synchronised'],
    ]);
  });
});
