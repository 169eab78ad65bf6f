import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DataSource } from 'typeorm';
import { KIOSK_MIGRATIONS } from '@kiosk/migrations';
import { AuditModule } from '../audit/audit.module';
import { AuditService } from '../audit/audit.service';
import { loadKioskConfig } from '../config/kiosk.config';
import { openTestDatabase, type TestDatabase } from '../testing/test-database';
import { BackupModule } from './backup.module';
import { BackupService, type BackupSummary } from './backup.service';
import { RestoreService } from './restore.service';

const actor = { kind: 'cli', user: 'tester' } as const;
const PAGE = 4096;

/** The bytes of every file in `dir`, to show that a refused restore changed nothing. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((f) => [f, readFileSync(join(dir, f)).toString('base64')]),
  );
}

describe('kiosk restore, on real SQLite files', () => {
  let source: TestDatabase;
  let taken: BackupSummary;
  let backupFile: string;
  let dir: string;
  let target: string;

  beforeAll(async () => {
    source = await openTestDatabase([AuditModule, BackupModule]);
    const audit = source.module.get(AuditService);
    // Enough records for a file of many pages, so that one in the middle can be damaged.
    for (let i = 0; i < 400; i += 1)
      await audit.record({
        type: 'access-decision',
        outcome: i % 3 ? 'granted' : 'denied',
        doorId: 'main',
        reader: `reader ${i}`,
        detail: { note: 'x'.repeat(100) },
      });
    backupFile = join(mkdtempSync(join(tmpdir(), 'kiosk-backup-')), 'kiosk-backup.db');
    taken = await source.module.get(BackupService).backup({ out: backupFile }, actor);
  });
  afterAll(async () => {
    await source.close();
    rmSync(join(backupFile, '..'), { recursive: true, force: true });
  });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kiosk-restore-'));
    target = join(dir, 'data', 'kiosk.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const restorer = () =>
    new RestoreService(
      loadKioskConfig({
        KIOSK_DB: target,
        KIOSK_PAN_KEY_FILE: join(dir, 'data', 'pan-hmac.key'),
        KIOSK_AUDIT_KEY_FILE: join(dir, 'data', 'audit-ed25519.pem'),
      }),
    );
  const restore = (from: string, withKeys = false) =>
    restorer().restore({ from, withKeys }, actor, new Date('2027-01-31T18:00:00.123Z'));
  /** A copy of the backup to spoil. */
  const aCopy = () => {
    const path = join(dir, 'copy.db');
    copyFileSync(backupFile, path);
    return path;
  };
  /** Another database in place at KIOSK_DB, which a refused restore must leave as it was. */
  const anOldDatabase = () => {
    mkdirSync(join(dir, 'data'), { recursive: true });
    const old = new Database(target);
    old.pragma('journal_mode = WAL');
    old.exec("CREATE TABLE old (x); INSERT INTO old VALUES ('the old one')");
    old.close();
  };
  const verifiedAt = async (path: string) => {
    const db = await openTestDatabase([AuditModule], { KIOSK_DB: path });
    try {
      return await db.module.get(AuditService).verify();
    } finally {
      await db.module.close();
    }
  };
  const rows = (path: string) => {
    const db = new Database(path, { readonly: true });
    try {
      return db.prepare('SELECT * FROM audit_events ORDER BY seq').all() as {
        seq: number;
        type: string;
        outcome: string;
        detail: string;
      }[];
    } finally {
      db.close();
    }
  };

  it('restores into a new KIOSK_DB: every record is there, then one that says it was restored', async () => {
    const summary = await restore(backupFile);
    expect(summary).toMatchObject({
      from: backupFile,
      database: target,
      records: 400,
      lastSeq: 400,
      headHash: taken.headHash,
      restoredSeq: 401,
      replaced: null,
      keys: [],
    });
    const restored = rows(target);
    expect(restored.slice(0, 400)).toEqual(rows(backupFile));
    expect(restored[400]).toMatchObject({
      seq: 401,
      type: 'admin-action',
      outcome: 'database-restored',
    });
    expect(JSON.parse(restored[400]!.detail)).toEqual({
      actor,
      from: backupFile,
      backupLastSeq: 400,
      backupHeadHash: taken.headHash,
      replaced: null,
    });
    expect(statSync(target).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(dir, 'data'))).toEqual(['kiosk.db']);
    expect(await verifiedAt(target)).toEqual({ records: 401, break: null });
  });

  it('keeps the database it replaces, with what its WAL held, and takes no -wal or -shm along', async () => {
    // The old database as a power cut left it: its last transaction only in its WAL.
    const live = join(dir, 'live.db');
    const old = new Database(live);
    old.pragma('journal_mode = WAL');
    old.pragma('wal_autocheckpoint = 0');
    old.exec("CREATE TABLE old (x); INSERT INTO old VALUES ('the old one')");
    mkdirSync(join(dir, 'data'));
    copyFileSync(live, target);
    copyFileSync(`${live}-wal`, `${target}-wal`);
    old.close();
    expect(statSync(`${target}-wal`).size).toBeGreaterThan(0);
    writeFileSync(`${target}-shm`, 'stale index');
    const summary = await restore(backupFile);
    const kept = `${target}.before-restore-20270131T180000123Z`;
    expect(summary.replaced).toBe(kept);
    expect(readdirSync(join(dir, 'data')).sort()).toEqual([
      'kiosk.db',
      'kiosk.db.before-restore-20270131T180000123Z',
    ]);
    const keptDb = new Database(kept, { readonly: true });
    expect(keptDb.prepare('SELECT x FROM old').get()).toEqual({ x: 'the old one' });
    keptDb.close();
    expect(JSON.parse(rows(target)[400]!.detail)).toMatchObject({ replaced: kept });
    expect(await verifiedAt(target)).toEqual({ records: 401, break: null });
  });

  it('brings a backup from an older build to this build schema, as the service would at start', async () => {
    const older = aCopy();
    const source = new DataSource({
      type: 'better-sqlite3',
      database: older,
      migrations: KIOSK_MIGRATIONS,
    });
    await source.initialize();
    await source.undoLastMigration();
    await source.destroy();
    const summary = await restore(older);
    expect(summary).toMatchObject({ records: 400, lastSeq: 400, restoredSeq: 401 });
    const migrated = new Database(target, { readonly: true });
    const names = migrated.prepare('SELECT name FROM migrations ORDER BY id').all();
    migrated.close();
    expect(names).toEqual(KIOSK_MIGRATIONS.map((m) => ({ name: new m().name })));
    expect(await verifiedAt(target)).toEqual({ records: 401, break: null });
  });

  describe('refuses, with one clear line, and replaces nothing', () => {
    it.each([
      [
        'a file that is not there',
        () => join(dir, 'nowhere.db'),
        'backup-unusable',
        () => `${join(dir, 'nowhere.db')} does not exist`,
      ],
      [
        'a file that is not SQLite',
        () => (
          writeFileSync(join(dir, 'notes.txt'), 'shopping list\n'.repeat(100)),
          join(dir, 'notes.txt')
        ),
        'backup-unusable',
        () => `${join(dir, 'notes.txt')} is not a SQLite database`,
      ],
      [
        'a SQLite database that is not the kiosk',
        () => {
          const other = new Database(join(dir, 'other.db'));
          other.exec('CREATE TABLE t (x)');
          other.close();
          return join(dir, 'other.db');
        },
        'backup-unusable',
        () => `${join(dir, 'other.db')} is not a kiosk database (it has no migrations table)`,
      ],
      [
        'a backup made by a newer kiosk',
        () => {
          const path = aCopy();
          const db = new Database(path);
          db.prepare('INSERT INTO migrations (timestamp, name) VALUES (?, ?)').run(
            1899999999999,
            'AddHoverboards1899999999999',
          );
          db.close();
          return path;
        },
        'backup-unusable',
        () =>
          `${join(dir, 'copy.db')} was made by a newer kiosk (migration AddHoverboards1899999999999 is not in this build): upgrade the kiosk first`,
      ],
      [
        'a backup whose audit chain is broken (a record edited behind the triggers)',
        () => {
          const path = aCopy();
          const db = new Database(path);
          db.exec('DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete;');
          db.prepare("UPDATE audit_events SET reader = 'forged' WHERE seq = 3").run();
          db.close();
          return path;
        },
        'backup-unusable',
        () => `${join(dir, 'copy.db')} has a broken audit chain at seq 3 (hash-mismatch)`,
      ],
      [
        'a backup whose last records were removed',
        () => {
          const path = aCopy();
          const db = new Database(path);
          db.exec('DROP TRIGGER audit_events_no_delete;');
          db.prepare('DELETE FROM audit_events WHERE seq > 398').run();
          db.close();
          return path;
        },
        'backup-unusable',
        () => `${join(dir, 'copy.db')} has a broken audit chain at seq 398 (tail-missing)`,
      ],
    ])('%s', async (_what, make, code, message) => {
      anOldDatabase();
      const from = make();
      const before = snapshot(join(dir, 'data'));
      await expect(restore(from)).rejects.toMatchObject({ code, message: message() });
      expect(snapshot(join(dir, 'data'))).toEqual(before);
    });

    it('a backup with a damaged page in the middle', async () => {
      anOldDatabase();
      const path = aCopy();
      const bytes = readFileSync(path);
      const pages = bytes.length / PAGE;
      // A table leaf page (b-tree page type 13) in the middle: its cell pointers overwritten.
      let page = Math.floor(pages / 2);
      while (bytes[page * PAGE] !== 0x0d) page += 1;
      bytes.fill(0xa5, page * PAGE + 8, page * PAGE + 64);
      writeFileSync(path, bytes);
      const before = snapshot(join(dir, 'data'));
      await expect(restore(path)).rejects.toMatchObject({
        code: 'backup-unusable',
        message: expect.stringMatching(new RegExp(`^${path.replace(/[.]/g, '\\.')} is damaged: `)),
      });
      expect(snapshot(join(dir, 'data'))).toEqual(before);
    });

    it('while another process (the service) has KIOSK_DB open', async () => {
      anOldDatabase();
      const service = new Database(target);
      service.pragma('journal_mode = WAL');
      service.prepare('SELECT count(*) FROM old').get(); // connected and read, as the service is
      const before = snapshot(join(dir, 'data'));
      try {
        await expect(restore(backupFile)).rejects.toMatchObject({
          code: 'database-in-use',
          message: `KIOSK_DB=${target} is open in another process (the kiosk service?): stop it (systemctl stop kiosk), then restore`,
        });
        expect(snapshot(join(dir, 'data'))).toEqual(before);
      } finally {
        service.close();
      }
      await expect(restore(backupFile)).resolves.toMatchObject({ restoredSeq: 401 });
    });

    it('KIOSK_DB naming a directory', async () => {
      mkdirSync(target, { recursive: true });
      await expect(restore(backupFile)).rejects.toMatchObject({
        code: 'invalid-input',
        message: `KIOSK_DB=${target} is a directory: name a file in it`,
      });
    });

    it('--with-keys and no key beside the backup', async () => {
      await expect(restore(backupFile, true)).rejects.toMatchObject({
        code: 'backup-unusable',
        message: `--with-keys: no key file beside ${backupFile} (${backupFile}.pan-hmac.key, ${backupFile}.audit-ed25519.pem)`,
      });
      expect(existsSync(target)).toBe(false);
    });

    it('--with-keys and a key beside the backup that others can read', async () => {
      const from = aCopy();
      writeFileSync(`${from}.pan-hmac.key`, Buffer.alloc(32, 1), { mode: 0o644 });
      await expect(restore(from, true)).rejects.toMatchObject({
        code: 'pan-key-unusable',
        message: `The PAN key file ${from}.pan-hmac.key is readable by others (mode 644): chmod 600 it`,
      });
      expect(existsSync(target)).toBe(false);
    });
  });

  it('--with-keys puts the keys in place and keeps the ones it replaces', async () => {
    const from = aCopy();
    const signing = Buffer.from(
      generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }),
    );
    writeFileSync(`${from}.pan-hmac.key`, Buffer.alloc(32, 1), { mode: 0o600 });
    writeFileSync(`${from}.audit-ed25519.pem`, signing, { mode: 0o600 });
    mkdirSync(join(dir, 'data'));
    writeFileSync(join(dir, 'data', 'pan-hmac.key'), Buffer.alloc(32, 2), { mode: 0o600 });
    const summary = await restore(from, true);
    expect(summary.keys).toEqual([
      {
        key: 'pan',
        file: join(dir, 'data', 'pan-hmac.key'),
        replaced: join(dir, 'data', 'pan-hmac.key.before-restore-20270131T180000123Z'),
      },
      { key: 'audit', file: join(dir, 'data', 'audit-ed25519.pem'), replaced: null },
    ]);
    expect(readFileSync(join(dir, 'data', 'pan-hmac.key'))).toEqual(Buffer.alloc(32, 1));
    expect(readFileSync(summary.keys[0]!.replaced!)).toEqual(Buffer.alloc(32, 2));
    expect(readFileSync(join(dir, 'data', 'audit-ed25519.pem'))).toEqual(signing);
    expect(statSync(join(dir, 'data', 'audit-ed25519.pem')).mode & 0o777).toBe(0o600);
  });
});
