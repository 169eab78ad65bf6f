import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { getLoggerToken, LoggerModule, type PinoLogger } from 'nestjs-pino';
import { AllowlistRevisionsRepository } from '../allowlist/allowlist-revisions.repository';
import { AuditService } from '../audit/audit.service';
import { kioskConfig, type KioskConfigType } from '../config/kiosk.config';
import { UnitOfWork } from '../database/unit-of-work';
import { openTestDatabase, type TestDatabase } from '../testing/test-database';
import { TestDoorBus } from '../testing/door-bus';
import { waitFor } from '../testing/wait';
import { DoorSettingsRepository } from './door-settings.repository';
import { DoorsModule } from './doors.module';
import { DoorsService } from './doors.service';

const DOORS = [
  { id: 'front', address: 0, relay: 0, contactInput: 0, pulseMs: 500, readers: ['Reader A'] },
  {
    id: 'back',
    address: 1,
    relay: 1,
    contactInput: 0,
    pulseMs: 500,
    readers: ['Reader B'],
    osdpReaders: [0],
  },
];

describe('DoorsService with two boards on a real pty and a real SQLite file', () => {
  let bus: TestDoorBus;
  let db: TestDatabase;
  let doors: DoorsService;

  beforeEach(async () => {
    bus = await TestDoorBus.start([0, 1]);
    db = await openTestDatabase(
      [LoggerModule.forRoot({ pinoHttp: { level: 'silent' } }), DoorsModule],
      {
        KIOSK_DOOR_PORT: bus.acuPath,
        KIOSK_DOORS: JSON.stringify(DOORS),
      },
    );
    doors = db.module.get(DoorsService);
    await waitFor('both boards online', () =>
      doors.list().every((d) => d.online) ? true : undefined,
    );
  });
  afterEach(async () => {
    await db.close();
    await bus.stop();
  });

  const doorEvents = () =>
    db
      .outside()
      .prepare("SELECT door_id, outcome FROM audit_events WHERE type = 'door-event' ORDER BY seq")
      .all() as {
      door_id: string;
      outcome: string;
    }[];

  it('keeps a registry of its doors and says which door a reader opens', () => {
    expect(doors.list().map((d) => [d.id, d.address, d.relayOutput])).toEqual([
      ['front', 0, 0],
      ['back', 1, 1],
    ]);
    expect(doors.doorForReader('Reader A 00')).toEqual({ id: 'front', lockdown: false });
    expect(doors.doorForReader('OSDP 1/0')).toEqual({ id: 'back', lockdown: false });
    expect(doors.doorForReader('Reader C')).toBeNull();
    expect(doors.isSimulated()).toBe(false);
  });

  it("opens a door by pulsing its own board's relay only", async () => {
    await doors.open('back', 'Ada');
    expect(bus.board(1).relay(1)).toBe(true);
    expect(bus.board(0).relay(0)).toBe(false);
    expect(bus.board(0).relay(1)).toBe(false);
  });

  it('records each door event with the door it happened to', async () => {
    await waitFor('front known closed', () =>
      doors.list()[0]?.state?.door === 'closed' ? true : undefined,
    );
    await waitFor('both doors recorded in service', () =>
      doorEvents().filter((e) => e.outcome === 'in-service').length === 2 ? true : undefined,
    );
    const from = doorEvents().length;
    bus.board(0).setDoorOpen(true);
    await waitFor('the forced-open record', () =>
      doorEvents().some((e) => e.outcome === 'forced-open') ? true : undefined,
    );
    expect(doorEvents().slice(from)).toEqual([
      { door_id: 'front', outcome: 'opened' },
      { door_id: 'front', outcome: 'forced-open' },
    ]);
  });

  it('counts a flapping contact instead of recording each flip, and records the count after 2 s', async () => {
    await waitFor('both doors recorded in service', () =>
      doorEvents().filter((e) => e.outcome === 'in-service').length === 2 ? true : undefined,
    );
    const fromSeq = (
      db.outside().prepare('SELECT max(seq) AS seq FROM audit_events').get() as { seq: number }
    ).seq;
    for (let flip = 0; flip < 6; flip += 1) {
      bus.board(0).setDoorOpen(flip % 2 === 0);
      const seen = flip + 1;
      // Each flip reaches the door's state (the supervisor), whether recorded or counted.
      await waitFor(`flip ${seen} seen`, () =>
        doors.list()[0]?.state?.door === (flip % 2 === 0 ? 'forced-open' : 'closed')
          ? true
          : undefined,
      );
    }
    // Every flip is either recorded or counted in a `repeated` record, once its 2 s are over.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const after = db
      .outside()
      .prepare(
        "SELECT outcome, reason, detail FROM audit_events WHERE type = 'door-event' AND door_id = 'front' AND seq > ? ORDER BY seq",
      )
      .all(fromSeq) as { outcome: string; reason: string | null; detail: string }[];
    const total = (outcome: string) =>
      after
        .filter((e) => e.outcome === outcome)
        .reduce(
          (n, e) =>
            n + (e.reason === 'repeated' ? (JSON.parse(e.detail) as { count: number }).count : 1),
          0,
        );
    expect(['opened', 'forced-open', 'closed', 'forced-open-cleared'].map(total)).toEqual([
      3, 3, 3, 3,
    ]);
    // Far fewer records than flips: the repeats within 2 s were counted, not written one by one.
    expect(after.filter((e) => e.reason === 'repeated').length).toBeGreaterThan(0);
    expect(after.length).toBeLessThan(12);
  }, 10_000);

  it('locks a door down, records who did it, and lifts it again', async () => {
    await doors.setLockdown('front', true, { kind: 'cli', user: 'test' });
    expect(doors.doorForReader('Reader A')).toEqual({ id: 'front', lockdown: true });
    expect(doors.doorForReader('Reader B')).toEqual({ id: 'back', lockdown: false });
    await doors.setLockdown('front', false, { kind: 'cli', user: 'test' });
    expect(doors.doorForReader('Reader A')?.lockdown).toBe(false);
    const actions = db
      .outside()
      .prepare("SELECT door_id, outcome FROM audit_events WHERE type = 'admin-action' ORDER BY seq")
      .all();
    expect(actions).toEqual([
      { door_id: 'front', outcome: 'door-lockdown' },
      { door_id: 'front', outcome: 'door-lockdown-lifted' },
    ]);
  });

  it('redraws the idle text on a board that restarted within the offline timeout', async () => {
    await waitFor('the idle text', () =>
      bus.board(1).lcd()[0]?.startsWith('Present card') ? true : undefined,
    );
    bus.board(1).reboot(); // LCD blank, sequence lost; it answers the next poll with a sequence NAK
    await waitFor('the idle text again', () =>
      bus.board(1).lcd()[0]?.startsWith('Present card') ? true : undefined,
    );
    expect(doors.isOnline('back')).toBe(true);
  });

  it('refuses a door it does not have, with its domain error', async () => {
    await expect(
      doors.setLockdown('garage', true, { kind: 'cli', user: 'test' }),
    ).rejects.toMatchObject({
      code: 'door-not-found',
    });
    await expect(doors.open('garage', 'Ada')).rejects.toMatchObject({ code: 'door-not-found' });
  });

  it('keeps a door name, times and lockdown across a restart; null goes back to the configuration', async () => {
    const cli = { kind: 'cli', user: 'test' } as const;
    const status = await doors.configure(
      'front',
      { name: 'Front entrance', pulseMs: 1200, heldOpenMs: 60_000 },
      cli,
    );
    expect(status).toMatchObject({
      id: 'front',
      name: 'Front entrance',
      pulseMs: 1200,
      heldOpenMs: 60_000,
    });
    await doors.setLockdown('back', true, cli);
    await expect(doors.configure('front', { pulseMs: 50 }, cli)).rejects.toMatchObject({
      code: 'invalid-input',
    });
    await expect(doors.configure('front', { name: 'Bad\u001b[2J' }, cli)).rejects.toMatchObject({
      code: 'invalid-name',
    });

    // The same database, a new process: the settings come back from it.
    await db.module.close();
    const again = await openTestDatabase(
      [LoggerModule.forRoot({ pinoHttp: { level: 'silent' } }), DoorsModule],
      { KIOSK_DB: db.path, KIOSK_DOOR_PORT: bus.acuPath, KIOSK_DOORS: JSON.stringify(DOORS) },
    );
    try {
      const restarted = again.module.get(DoorsService);
      expect(restarted.list().map((d) => [d.id, d.name, d.pulseMs, d.heldOpenMs, d.mode])).toEqual([
        ['front', 'Front entrance', 1200, 60_000, 'normal'],
        ['back', 'back', 500, 30_000, 'lockdown'],
      ]);
      expect(restarted.doorForReader('Reader B')).toEqual({ id: 'back', lockdown: true });
      await restarted.configure('front', { name: null, pulseMs: null }, cli);
      expect(restarted.list()[0]).toMatchObject({
        name: 'front',
        pulseMs: 500,
        heldOpenMs: 60_000,
      });
    } finally {
      await again.close();
    }
  });
});

describe('DoorsService with the built-in simulator (no serial port)', () => {
  const simulatorDirs = () =>
    readdirSync(tmpdir()).filter((name) => name.startsWith(`kiosk-door-sim-${process.pid}-`));

  it('starts the simulator at init and stops it at shutdown, even when bootstrap never came', async () => {
    const bus = await TestDoorBus.start([0, 1]);
    const db = await openTestDatabase(
      [LoggerModule.forRoot({ pinoHttp: { level: 'silent' } }), DoorsModule],
      { KIOSK_DOOR_PORT: bus.acuPath, KIOSK_DOORS: JSON.stringify(DOORS) },
    );
    try {
      const config = db.module.get<KioskConfigType>(kioskConfig.KEY);
      const unbooted = new DoorsService(
        { ...config, doorBus: { ...config.doorBus, serialPort: null } },
        db.module.get(AuditService),
        db.module.get(UnitOfWork),
        db.module.get(DoorSettingsRepository),
        db.module.get(AllowlistRevisionsRepository),
        db.module.get<PinoLogger>(getLoggerToken(DoorsService.name)),
      );
      expect(simulatorDirs()).toEqual([]);
      unbooted.onModuleInit();
      expect(simulatorDirs()).toHaveLength(1);
      await unbooted.onApplicationShutdown();
      expect(simulatorDirs()).toEqual([]);
    } finally {
      await db.close();
      await bus.stop();
    }
  });
});
