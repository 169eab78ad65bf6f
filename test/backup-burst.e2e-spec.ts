import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { readAuditRows } from './harness/audit-file';
import { KioskRig } from './harness/kiosk-rig';
import { runKioskCliAsync } from './harness/kiosk.process';
import { sleep, waitFor } from './harness/wait';

/**
 * `kiosk backup` taken while the kiosk decides a burst of taps on the door board's own OSDP
 * reader (through the real pty), then `kiosk restore` into a fresh KIOSK_DB: the restored
 * database passes PRAGMA integrity_check and `kiosk audit verify`, holds every record up to the
 * backup's last seq exactly as the live log does, and says next that it was restored. Restoring
 * over the running kiosk's own database is refused.
 */
const CARDS = Array.from({ length: 12 }, (_, n) => ({
  name: `Burst ${n + 1}`,
  uid: Uint8Array.from([0x04, 0xb5, 0xe7, 0xbb, 0x00, 0x00, n + 1]),
}));
const hex = (uid: Uint8Array) => Buffer.from(uid).toString('hex').toUpperCase();
const DOORS = [
  {
    id: 'main',
    address: 0,
    relay: 0,
    contactInput: 0,
    pulseMs: 500,
    readers: ['Virtual PCD 00 00'],
    osdpReaders: [0],
  },
];
// The kiosk decides 5 reads at once and 1 a second after, per reader: one tap a second is a queue.
const TAP_EVERY_MS = 1100;

interface BackupSummary {
  file: string;
  records: number;
  lastSeq: number;
  headHash: string;
  keys: { key: string; file: string }[];
}

describe('a backup taken during a burst of taps', () => {
  let rig: KioskRig;
  let elsewhere: string;

  beforeAll(async () => {
    rig = await KioskRig.start({
      vpcdPort: 0x9de0,
      env: { KIOSK_DOORS: JSON.stringify(DOORS) },
      prepare: (r) => {
        for (const { name, uid } of CARDS)
          r.cli(['holder', 'add', '--group', 'Everyone', '--name', name, '--uid', hex(uid)]);
      },
    });
    elsewhere = mkdtempSync(join(tmpdir(), 'kiosk-e2e-restore-'));
  });
  afterAll(async () => {
    await rig?.stop();
    if (elsewhere) rmSync(elsewhere, { recursive: true, force: true });
  });

  it('restores into a database that passes integrity check and audit verify, with every decision up to the backup', async () => {
    const decided = () => rig.decisions().filter((d) => d.reader === 'OSDP 0/0');
    const burst = (async () => {
      for (const { uid } of CARDS) {
        rig.door.simulator.presentCard(uid);
        await sleep(TAP_EVERY_MS);
      }
    })();
    await waitFor('4 taps decided', () => (decided().length >= 4 ? true : undefined), 20_000);

    // Mid-burst, without blocking this process (the door board simulator answers from it).
    mkdirSync(join(elsewhere, 'backups'));
    const file = join(elsewhere, 'backups', 'kiosk.db');
    const backup = await runKioskCliAsync(
      ['backup', '--out', file, '--with-keys', '--json'],
      rig.env,
    );
    expect([backup.status, backup.stderr]).toEqual([0, '']);
    const taken = JSON.parse(backup.stdout) as BackupSummary;
    await burst;
    await waitFor('every tap decided', () =>
      decided().length === CARDS.length ? true : undefined,
    );

    const live = rig.audit();
    const upToBackup = live.filter((r) => r.seq <= taken.lastSeq);
    const decidedBefore = upToBackup.filter((r) => r.type === 'access-decision').length;
    const decidedAfter = live.filter((r) => r.seq > taken.lastSeq && r.type === 'access-decision');
    // Taken while taps were being decided: some before it, some after.
    expect(decidedBefore).toBeGreaterThanOrEqual(4);
    expect(decidedAfter.length).toBeGreaterThan(0);
    const backedUp = live.find((r) => r.outcome === 'database-backed-up');
    expect(JSON.parse(backedUp!.detail)).toMatchObject({
      file,
      lastSeq: taken.lastSeq,
      headHash: taken.headHash,
      keys: ['pan', 'audit'],
    });

    // Over the running kiosk's own database: refused, one line, exit 75, nothing replaced.
    const refused = await runKioskCliAsync(['restore', file], rig.env);
    expect([refused.status, refused.stderr]).toEqual([
      75,
      `kiosk: KIOSK_DB=${rig.dbPath} is open in another process (the kiosk service?): stop it (systemctl stop kiosk), then restore\n`,
    ]);
    expect(rig.audit().slice(0, live.length)).toEqual(live);

    // Into a fresh terminal's paths, keys too.
    const fresh = {
      KIOSK_DB: join(elsewhere, 'restored', 'kiosk.db'),
      KIOSK_PAN_KEY_FILE: join(elsewhere, 'restored', 'pan-hmac.key'),
      KIOSK_AUDIT_KEY_FILE: join(elsewhere, 'restored', 'audit-ed25519.pem'),
    };
    const restore = await runKioskCliAsync(['restore', file, '--with-keys', '--json'], fresh);
    expect([restore.status, restore.stderr]).toEqual([0, '']);
    expect(JSON.parse(restore.stdout)).toMatchObject({
      lastSeq: taken.lastSeq,
      restoredSeq: taken.lastSeq + 1,
      replaced: null,
    });

    const restoredDb = new Database(fresh.KIOSK_DB, { readonly: true });
    expect(restoredDb.pragma('integrity_check', { simple: true })).toBe('ok');
    restoredDb.close();
    const restored = readAuditRows(fresh.KIOSK_DB);
    expect(restored.slice(0, -1)).toEqual(upToBackup);
    expect(restored.at(-1)).toMatchObject({
      seq: taken.lastSeq + 1,
      type: 'admin-action',
      outcome: 'database-restored',
    });
    expect(JSON.parse(restored.at(-1)!.detail)).toMatchObject({
      from: file,
      backupLastSeq: taken.lastSeq,
      backupHeadHash: taken.headHash,
    });
    // Read before verifying: a verification on the terminal is itself recorded.
    const verify = await runKioskCliAsync(['audit', 'verify', '--json'], fresh);
    expect(verify.status).toBe(0);
    expect(JSON.parse(verify.stdout)).toEqual({ records: taken.lastSeq + 1, break: null });

    const liveKey = join(rig.dir, 'pan-hmac.key');
    expect(readFileSync(fresh.KIOSK_PAN_KEY_FILE)).toEqual(readFileSync(liveKey));

    // And the live log, backup record and all, still verifies.
    expect(JSON.parse(rig.cli(['audit', 'verify', '--json']))).toMatchObject({ break: null });
  });
});
