import { AuditModule } from './audit.module';
import { AuditService } from './audit.service';
import { ClockWatch } from './clock-watch';
import { openTestDatabase, type TestDatabase } from '../testing/test-database';

describe('ClockWatch, recording into a real SQLite file', () => {
  let db: TestDatabase;
  let watch: ClockWatch;
  let wall = 0;
  let mono = 0;

  beforeEach(async () => {
    db = await openTestDatabase([AuditModule]);
    watch = new ClockWatch(db.module.get(AuditService));
    watch.clocks = { wallMs: () => wall, monotonicMs: () => mono };
  });
  afterEach(async () => {
    watch.onApplicationShutdown();
    await db.close();
  });

  const records = () =>
    db
      .outside()
      .prepare(
        "SELECT outcome, reason, detail FROM audit_events WHERE type = 'service' ORDER BY seq",
      )
      .all() as { outcome: string; reason: string; detail: string }[];

  it('records a clock before the kiosk existed at start, and nothing for a plausible one', async () => {
    wall = Date.parse('1970-01-01T00:05:00Z');
    await watch.onApplicationBootstrap();
    expect(records()).toEqual([
      expect.objectContaining({
        outcome: 'clock-implausible',
        reason: expect.stringMatching(/1970-01-01T00:05/) as unknown,
      }),
    ]);
    watch.onApplicationShutdown();
    wall = Date.parse('2026-12-02T12:00:00Z');
    await watch.checkPlausible();
    expect(records()).toHaveLength(1);
  });

  it('records a jump of more than 2 s either way, with how far, and lets drift pass', async () => {
    wall = Date.parse('2026-12-02T12:00:00Z');
    mono = 1000;
    await watch.onApplicationBootstrap();
    wall += 10_000 + 1500; // 1.5 s more than elapsed: drift, not a jump
    mono += 10_000;
    await watch.check();
    expect(records()).toEqual([]);
    wall += 10_000 + 3_600_000; // an hour forward
    mono += 10_000;
    await watch.check();
    wall += 10_000 - 7200_000; // two hours back
    mono += 10_000;
    await watch.check();
    expect(
      records().map((r) => [
        r.outcome,
        r.reason,
        (JSON.parse(r.detail) as { jumpMs: number }).jumpMs,
      ]),
    ).toEqual([
      ['clock-jumped', 'forward', 3_600_000],
      ['clock-jumped', 'back', -7_200_000],
    ]);
  });
});
