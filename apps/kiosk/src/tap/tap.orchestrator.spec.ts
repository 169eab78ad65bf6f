import { EventEmitter } from 'node:events';
import { Test } from '@nestjs/testing';
import { LoggerModule } from 'nestjs-pino';
import { ReaderManager, type CardRead } from '@kiosk/card';
import { AccessModule } from '../access/access.module';
import { DatabaseStatusService } from '../database/database-status';
import { SqliteConnection } from '../database/sqlite/sqlite-connection';
import { AuditModule } from '../audit/audit.module';
import { AuditService } from '../audit/audit.service';
import { ClockWatch } from '../clock/clock-watch';
import { DoorsModule } from '../doors/doors.module';
import { DoorsService } from '../doors/doors.service';
import { EnrolmentsModule } from '../enrolments/enrolments.module';
import { HoldersService } from '../holders/holders.service';
import { TestDoorBus } from '../testing/door-bus';
import { openTestDatabase, type TestDatabase } from '../testing/test-database';
import { waitFor } from '../testing/wait';
import { WAL_CHECKPOINT_POLICY, WalCheckpointer } from '../database/wal-checkpointer';
import { TapOrchestrator } from './tap.orchestrator';

const UID = '04A224E2C35E80';
const DOORS = [
  { id: 'front', address: 0, relay: 0, contactInput: 0, pulseMs: 500, readers: ['Reader A'] },
  { id: 'back', address: 0, relay: 1, contactInput: 1, pulseMs: 500, readers: ['Reader B'] },
];

/** The card readers, played by the spec: it emits the reads a ReaderManager would. */
class ScriptedReaders extends EventEmitter {
  async start(): Promise<void> {}
}

function read(reader: string, uid: string | null): CardRead {
  return {
    reader,
    atr: '3B8F8001804F0CA000000306030001000000006A',
    cardKind: 'contactless-storage',
    cardName: 'spec card',
    methodsTried: ['uid'],
    startedAt: new Date(),
    durationMs: 12,
    presentAtAttach: false,
    outcome:
      uid === null
        ? { ok: false, reason: 'card-removed', detail: 'gone' }
        : { ok: true, method: 'uid', credential: { kind: 'uid', uid } },
  };
}

describe('TapOrchestrator on a real SQLite file and a real pty to the door board', () => {
  let bus: TestDoorBus;
  let db: TestDatabase;
  let tap: TapOrchestrator;
  let doors: DoorsService;
  const readers = new ScriptedReaders();

  beforeEach(async () => {
    bus = await TestDoorBus.start([0]);
    db = await openTestDatabase(
      [
        LoggerModule.forRoot({ pinoHttp: { level: 'silent' } }),
        AccessModule,
        AuditModule,
        DoorsModule,
        EnrolmentsModule,
      ],
      { KIOSK_DOOR_PORT: bus.acuPath, KIOSK_DOORS: JSON.stringify(DOORS) },
    );
    await db.module
      .get(HoldersService, { strict: false })
      .create(
        { displayName: 'Ada', uids: [UID], groupIds: [db.everyoneGroupId()] },
        { kind: 'cli', user: 'spec' },
      );
    tap = await buildOrchestrator(db);
    doors = db.module.get(DoorsService, { strict: false });
    await waitFor('both doors in service', () =>
      doors.list().every((d) => d.online) ? true : undefined,
    );
  });
  afterEach(async () => {
    readers.removeAllListeners();
    await db.close();
    await bus.stop();
  });

  /** The real services of `test`, with the scripted readers in place of the ReaderManager. */
  async function buildOrchestrator(test: TestDatabase): Promise<TapOrchestrator> {
    const module = await Test.createTestingModule({ providers: [TapOrchestrator] })
      .useMocker((token): unknown =>
        token === ReaderManager
          ? readers
          : test.module.get<unknown>(token as string | symbol, { strict: false }),
      )
      .compile();
    const orchestrator = module.get(TapOrchestrator);
    await orchestrator.onApplicationBootstrap();
    return orchestrator;
  }

  const rows = () =>
    db
      .outside()
      .prepare(
        'SELECT seq, type, door_id, reader, outcome, reason, credential_kind, credential_display, holder_id FROM audit_events ORDER BY seq',
      )
      .all() as Record<string, unknown>[];

  it("grants an enrolled card on door front's reader: the record first, then front's relay only", async () => {
    // When the relay turns on, the decision's record must already be in the file.
    let recordedWhenOpened: unknown = null;
    bus.board(0).once('relay', () => {
      recordedWhenOpened = rows().find((r) => r.type === 'access-decision') ?? null;
    });
    const result = await tap.handle(read('Reader A', UID));
    expect(result).toMatchObject({ kind: 'decided', decision: { granted: true }, doorError: null });
    expect(recordedWhenOpened).toMatchObject({ outcome: 'granted' });
    expect(bus.board(0).relay(0)).toBe(true);
    expect(bus.board(0).relay(1)).toBe(false);
    expect(rows().find((r) => r.type === 'access-decision')).toMatchObject({
      door_id: 'front',
      reader: 'Reader A',
      outcome: 'granted',
      credential_display: UID,
    });
  });

  it('judges a clock jump before the decision: recorded first; a dated holder denied, Ada granted', async () => {
    const DATED = '04A224E2C35E81';
    await db.module.get(HoldersService, { strict: false }).create(
      {
        displayName: 'Dated',
        uids: [DATED],
        groupIds: [db.everyoneGroupId()],
        validUntil: new Date('2099-01-01T00:00:00Z'),
      },
      { kind: 'cli', user: 'spec' },
    );
    const clock = db.module.get(ClockWatch, { strict: false });
    let jumpMs = 0;
    clock.clocks = {
      wallMs: () => Date.now() + jumpMs,
      monotonicMs: () => performance.now(),
      ntpSync: () => Promise.resolve('unknown'),
    };
    await clock.check();
    const since = rows().length;
    jumpMs = -86_400_000; // set back a day
    await tap.handle(read('Reader A', DATED));
    await tap.handle(read('Reader A', UID));
    expect(
      rows()
        .slice(since)
        .map((r) => [r.type, r.outcome, r.reason]),
    ).toEqual([
      ['service', 'clock-jumped', 'back'],
      ['service', 'clock-untrusted', 'jumped'],
      ['access-decision', 'denied', 'clock-untrusted'],
      ['access-decision', 'granted', null],
    ]);
  });

  describe.each([
    [
      'full (PRAGMA max_page_count)',
      async (sql: SqliteConnection, audit: AuditService) => {
        // No more pages than now, then records until the log's own pages are full too.
        const { page_count } = sql.statement('PRAGMA page_count').get() as { page_count: number };
        sql.statement(`PRAGMA max_page_count = ${page_count}`).get();
        for (;;)
          try {
            await audit.record({ type: 'service', outcome: 'configuration-loaded' });
          } catch (err) {
            if ((err as { code?: string }).code === 'SQLITE_FULL') break;
            throw err;
          }
      },
      (sql: SqliteConnection) => sql.statement('PRAGMA max_page_count = 1073741823').get(),
      /SQLITE_FULL/,
    ],
    [
      'read-only (PRAGMA query_only)',
      (sql: SqliteConnection) => {
        sql.statement('PRAGMA query_only = ON').run();
        return Promise.resolve();
      },
      (sql: SqliteConnection) => sql.statement('PRAGMA query_only = OFF').run(),
      /SQLITE_READONLY/,
    ],
  ])('when the audit log cannot be written: %s', (_what, breakIt, mendIt, cause) => {
    it('opens no door, says why in health and on the LCD, and records the alarm first once it can', async () => {
      const sql = db.module.get(SqliteConnection, { strict: false });
      const status = db.module.get(DatabaseStatusService, { strict: false });
      await waitFor('the idle text', () =>
        bus.board(0).lcd()[0]?.startsWith('Present card') ? true : undefined,
      );
      await breakIt(sql, db.module.get(AuditService, { strict: false }));
      const before = rows().length;
      readers.emit('card-read', read('Reader A', UID));
      await waitFor('the outage', () => (status.status().ok ? undefined : true));
      await waitFor('out of service on the LCD', () =>
        bus.board(0).lcd()[0]?.startsWith('Out of service') ? true : undefined,
      );
      expect(bus.board(0).relay(0)).toBe(false);
      expect(status.status()).toMatchObject({
        ok: false,
        problem: expect.stringMatching(cause) as unknown,
        refusedTaps: 1,
      });
      await tap.handle(read('Reader A', null)).catch(() => undefined); // a removed card: not a tap refused
      expect(rows()).toHaveLength(before); // nothing was written, nothing was lost

      mendIt(sql);
      await tap.handle(read('Reader A', UID));
      const after = rows().slice(before);
      expect(after.map((r) => [r.type, r.outcome])).toEqual([
        ['service', 'audit-log-restored'],
        ['access-decision', 'granted'],
      ]);
      const alarm = db
        .outside()
        .prepare("SELECT reason, detail FROM audit_events WHERE outcome = 'audit-log-restored'")
        .get() as { reason: string; detail: string };
      expect(alarm.reason).toMatch(cause);
      expect(JSON.parse(alarm.detail)).toMatchObject({ refusedTaps: 1 });
      expect(status.status().ok).toBe(true);
      await waitFor('in service again', () =>
        bus.board(0).lcd()[0]?.startsWith('Out of service') ? undefined : true,
      );
    });
  });

  it('decides a card an OSDP reader reports on every poll once, and counts the repeats', async () => {
    const uid = Uint8Array.from([0x04, 0xa2, 0x24, 0xe2, 0xc3, 0x5e, 0x80]);
    const osdpRead = {
      address: 0,
      reader: 0,
      format: 'raw' as const,
      bitCount: 56,
      data: uid,
      hex: '04a224e2c35e80',
    };
    const before = rows().length;
    for (let poll = 0; poll < 4; poll += 1) doors.emit('card-read', osdpRead);
    await waitFor('the first read handled', () => (rows().length > before ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 3300));
    const after = db
      .outside()
      .prepare('SELECT type, reader, reason, detail FROM audit_events WHERE seq > ? ORDER BY seq')
      .all(before) as { type: string; reader: string; reason: string | null; detail: string }[];
    // This board serves two doors with PC/SC readers only, so its OSDP reader opens none: the
    // first read is recorded as such, the three repeats as one record with their count.
    expect(after.map((r) => [r.type, r.reader, r.reason])).toEqual([
      ['card-read-incomplete', 'OSDP 0/0', 'reader-without-door'],
      ['card-read-incomplete', 'OSDP 0/0', 'repeated'],
    ]);
    expect(JSON.parse(after[1]!.detail)).toMatchObject({ count: 3 });
  }, 10_000);

  it('decides five of an OSDP reader sending a new card every poll, and lists the rest', async () => {
    const before = rows().length;
    for (let poll = 0; poll < 12; poll += 1) {
      const uid = Uint8Array.from([0x04, 0xab, 0xcd, 0xef, 0x40, 0x50, poll]);
      doors.emit('card-read', {
        address: 0,
        reader: 0,
        format: 'raw' as const,
        bitCount: 56,
        data: uid,
        hex: Buffer.from(uid).toString('hex'),
      });
    }
    await waitFor('the count record', () => (rows().length >= before + 6 ? true : undefined), 5000);
    const after = db
      .outside()
      .prepare('SELECT reason, detail FROM audit_events WHERE seq > ? ORDER BY seq')
      .all(before) as { reason: string; detail: string }[];
    expect(after.map((r) => r.reason)).toEqual([
      ...Array(5).fill('reader-without-door'),
      'too-fast',
    ]);
    const counted = JSON.parse(after[5]!.detail) as {
      count: number;
      reads: { credential: string; count: number }[];
    };
    expect(counted.count).toBe(7);
    expect(counted.reads.map((r) => r.credential)).toEqual(
      [5, 6, 7, 8, 9, 10, 11].map(
        (n) => `04ABCDEF4050${n.toString(16).padStart(2, '0').toUpperCase()}`,
      ),
    );
  }, 10_000);

  it('denies an unknown card on the door of its reader, and opens nothing', async () => {
    const result = await tap.handle(read('Reader B', '04000000000001'));
    expect(result).toMatchObject({ decision: { granted: false, reason: 'unknown' } });
    expect(bus.board(0).relay(1)).toBe(false);
    expect(rows().at(-1)).toMatchObject({ door_id: 'back', outcome: 'denied', reason: 'unknown' });
  });

  it('denies a card of a scheme with no card number (no-pan-card): recorded, and said on the LCD', async () => {
    const geldKarte: CardRead = {
      ...read('Reader B', null),
      cardKind: 'contact',
      methodsTried: ['emv', 'purse-file'],
      outcome: {
        ok: false,
        reason: 'no-pan-card',
        detail:
          'emv: no-pan-card (D27600002545500100: GeldKarte, a stored-value scheme with no PAN)',
        diagnosis: { aidsOffered: ['D27600002545500100'], steps: ['GET PROCESSING OPTIONS: 6D00'] },
      },
    };
    const result = await tap.handle(geldKarte);
    expect(result).toMatchObject({ decision: { granted: false, reason: 'no-pan-card' } });
    expect(bus.board(0).relay(1)).toBe(false);
    expect(rows().at(-1)).toMatchObject({
      type: 'access-decision',
      door_id: 'back',
      outcome: 'denied',
      reason: 'no-pan-card',
    });
    await waitFor('the LCD says why', () =>
      bus.board(0).lcd().join('\n').includes('No card number') ? true : undefined,
    );
  });

  it('records a card removed before it was read, with no decision and no door command', async () => {
    const result = await tap.handle(read('Reader A', null));
    expect(result.kind).toBe('incomplete-read');
    expect(rows().at(-1)).toMatchObject({ type: 'card-read-incomplete', reason: 'card-removed' });
    expect(bus.board(0).relay(0)).toBe(false);
  });

  it('records a read on a reader that opens no door, and decides nothing', async () => {
    const result = await tap.handle(read('Reader C', UID));
    expect(result.kind).toBe('incomplete-read');
    expect(rows().at(-1)).toMatchObject({
      type: 'card-read-incomplete',
      reader: 'Reader C',
      door_id: null,
      reason: 'reader-without-door',
    });
  });

  it('handles reads one at a time, in the order they came', async () => {
    const before = rows().length;
    readers.emit('card-read', read('Reader A', UID));
    readers.emit('card-read', read('Reader B', '04000000000002'));
    readers.emit('card-read', read('Reader A', null));
    await waitFor('three records', () => (rows().length >= before + 3 ? true : undefined));
    expect(
      rows()
        .slice(before)
        .map((r) => [r.type, r.door_id, r.outcome ?? r.reason]),
    ).toEqual([
      ['access-decision', 'front', 'granted'],
      ['access-decision', 'back', 'denied'],
      ['card-read-incomplete', 'front', 'card-removed'],
    ]);
  });

  it('holds off the WAL checkpoint from a read’s arrival until its door is told', async () => {
    const checkpointer = db.module.get(WalCheckpointer, { strict: false });
    const run = checkpointer.checkpoint.bind(checkpointer);
    const whenRun: Array<{ held: boolean; relayOn: boolean }> = [];
    jest.spyOn(checkpointer, 'checkpoint').mockImplementation(() => {
      whenRun.push({ held: checkpointer.held, relayOn: bus.board(0).relay(0) });
      return run();
    });
    let heldAtRelay: boolean | null = null;
    bus.board(0).once('relay', () => (heldAtRelay = checkpointer.held));
    // Enough commits that a checkpoint is due at once: it must still wait for the tap.
    for (let i = 0; i < WAL_CHECKPOINT_POLICY.commits; i++) checkpointer.committed();
    readers.emit('card-read', read('Reader A', UID));
    expect(checkpointer.held).toBe(true);
    await waitFor('the checkpoint', () => whenRun[0]);
    expect(heldAtRelay).toBe(true);
    expect(whenRun).toEqual([{ held: false, relayOn: true }]);
  });

  it('keeps a UID that spells a bank-card number as that PAN, masked', async () => {
    readers.emit('card-read', read('Reader A', '36259600000004'));
    await waitFor('the record', () => rows().find((r) => r.type === 'access-decision'));
    const record = rows().find((r) => r.type === 'access-decision');
    expect(record).toMatchObject({ credential_kind: 'pan', outcome: 'denied' });
    expect(JSON.stringify(rows())).not.toContain('36259600000004');
  });

  it('records a door command the board did not take, after the decision', async () => {
    bus.board(0).faults.silent = true;
    await waitFor(
      'the board offline',
      () => (tap['doors'].isOnline('front') ? undefined : true),
      10_000,
    );
    const result = await tap.handle(read('Reader A', UID));
    expect(result).toMatchObject({ decision: { granted: true }, doorError: expect.any(String) });
    const kinds = rows().map((r) => r.type);
    expect(kinds.slice(-2)).toEqual(['access-decision', 'door-command-failed']);
  });
});
