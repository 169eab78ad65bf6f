import Database from 'better-sqlite3';
import { contactlessUidProfile } from '@kiosk/card/virtual';
import { KioskRig } from './harness/kiosk-rig';
import { waitFor } from './harness/wait';

/**
 * The audit log held full, in the running kiosk: KIOSK_DB_MAX_MB=1, and the file pushed past it
 * by another connection (as a runaway table or a copied file would). Then a valid card is refused
 * (its decision cannot be recorded), health says why, the door shows out of service; once space
 * is freed the next record is the alarm with the count of refused taps.
 */
const UID = '04F0110000AB01';

describe('the audit log held full, in the running kiosk', () => {
  let rig: KioskRig;

  beforeAll(async () => {
    rig = await KioskRig.start({
      vpcdPort: 0x9db0,
      env: { KIOSK_DB_MAX_MB: '1' },
      prepare: (r) =>
        r.cli(['holder', 'add', '--group', 'Everyone', '--name', 'Full Fay', '--uid', UID]),
    });
  });
  afterAll(() => rig?.stop());

  const health = async () => {
    const res = await fetch(`${rig.kiosk.url}/api/v1/health`);
    return { status: res.status, body: await res.json() };
  };

  /** Presents the card; resolves with its decision record, or null when none came in 3 s. */
  const present = () => {
    const before = rig.decisions().length;
    return rig.pcscd.present(contactlessUidProfile(UID), () =>
      waitFor('a decision', () => rig.decisions()[before], 3000).catch(() => null),
    );
  };

  it('refuses a valid card while nothing can be written, says why, and records the alarm first after', async () => {
    expect(await present()).toMatchObject({ outcome: 'granted' });
    const outside = new Database(rig.dbPath);
    try {
      outside.exec('CREATE TABLE filler (b BLOB)');
      outside.prepare('INSERT INTO filler VALUES (randomblob(?))').run(2 * 1024 * 1024);

      // A few records may still fit in the log's last page; then none can.
      let refused = 0;
      for (let tap = 0; tap < 20 && refused === 0; tap += 1)
        if ((await present()) === null) refused += 1;
      expect(refused).toBe(1);
      const lastDecision = rig.decisions().at(-1)!.seq;
      const relayBefore = rig.door.relayChanges.length;
      expect(await present()).toBeNull(); // a second refused tap
      expect(rig.door.relayChanges.length).toBe(relayBefore); // no door opened without its record

      const down = await health();
      expect(down.status).toBe(503);
      expect(JSON.stringify(down.body)).toMatch(/the audit log cannot be written .*SQLITE_FULL/);
      expect(JSON.stringify(down.body)).toMatch(/"refusedTaps":2/);
      await rig.door.waitForLcd('Out of service');

      outside.exec('DROP TABLE filler'); // the space is free again (for reuse; the file stays)
      await waitFor(
        'health up again',
        async () => ((await health()).status === 200 ? true : undefined),
        10_000,
      );
      const after = rig.audit().filter((r) => r.seq > lastDecision);
      expect(after[0]).toMatchObject({ type: 'service', outcome: 'audit-log-restored' });
      expect(after[0]!.reason).toMatch(/SQLITE_FULL/);
      expect(JSON.parse(after[0]!.detail)).toMatchObject({ refusedTaps: 2 });
      await rig.door.waitForLcd('Present card');
      expect(await present()).toMatchObject({ outcome: 'granted' });
      expect(JSON.parse(rig.cli(['audit', 'verify', '--json']))).toMatchObject({ break: null });
    } finally {
      outside.close();
    }
  });
  it('keeps the outage and its count through a crash and restart, and records the start after', async () => {
    const outside = new Database(rig.dbPath);
    try {
      outside.exec('CREATE TABLE filler (b BLOB)');
      outside.prepare('INSERT INTO filler VALUES (randomblob(?))').run(2 * 1024 * 1024);
      // A tap is refused when the kiosk counts it so (health's refusedTaps), not merely when no
      // decision came within 3 s: on a loaded machine a card can go unread, or be decided late.
      const refusedSoFar = async () =>
        Number(/"refusedTaps":(\d+)/.exec(JSON.stringify((await health()).body))?.[1] ?? 0);
      const refuseOne = async () => {
        for (let tap = 0; tap < 20; tap += 1) {
          const before = await refusedSoFar();
          if ((await present()) !== null) continue;
          const counted = await waitFor(
            'the refusal counted',
            async () => ((await refusedSoFar()) > before ? true : undefined),
            3000,
          ).catch(() => false);
          if (counted) return true;
        }
        return false;
      };
      expect(await refuseOne()).toBe(true);
      const lastSeq = rig.audit().at(-1)!.seq;

      // Killed while the log is full (a crash, the watchdog): it starts again, out of service.
      await rig.kiosk.stop('SIGKILL');
      await rig.restartKiosk({}, { until: 'answering' });
      // A card on a reader not yet attached would be one lying there at attach: ignored.
      await waitFor('the readers attached', async () =>
        JSON.stringify((await health()).body).includes('Virtual PCD 00 00') ? true : undefined,
      );
      // A small record may still fit in the last page, so a start may get through; a tap's
      // does not for long: one more refused.
      expect(await refuseOne()).toBe(true);
      const down = await health();
      expect(down.status).toBe(503);
      expect(JSON.stringify(down.body)).toMatch(/the audit log cannot be written .*SQLITE_FULL/);
      await rig.door.waitForLcd('Out of service');

      outside.exec('DROP TABLE filler');
      await waitFor(
        'health up again',
        async () => ((await health()).status === 200 ? true : undefined),
        10_000,
      );
      const after = rig.audit().filter((r) => r.seq > lastSeq);
      const alarms = after
        .filter((r) => r.outcome === 'audit-log-restored')
        .map((r) => JSON.parse(r.detail) as { refusedTaps: number; restarts: number });
      // Both refused taps are told, across the restart: in one alarm that counts the restart
      // (the journal carried the first count over), or, when a write got through in between, in
      // the alarm that write carried and the one after.
      expect(alarms.reduce((n, a) => n + a.refusedTaps, 0)).toBe(2);
      if (alarms.length === 1) expect(alarms[0]).toMatchObject({ refusedTaps: 2, restarts: 1 });
      const started = after.find((r) => r.outcome === 'started')!;
      expect(started).toBeDefined();
      if ((JSON.parse(started.detail) as { startedAt?: string }).startedAt !== undefined)
        // Recorded late: after the alarm that ended the outage it started in.
        expect(started.seq).toBeGreaterThan(
          after.find((r) => r.outcome === 'audit-log-restored')!.seq,
        );
      await rig.door.waitForLcd('Present card');
      expect(await present()).toMatchObject({ outcome: 'granted' });
      expect(JSON.parse(rig.cli(['audit', 'verify', '--json']))).toMatchObject({ break: null });
    } finally {
      outside.close();
    }
  });
});
