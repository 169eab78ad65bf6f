import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { hashAuditRecord, type ChainedAuditFields } from '../apps/kiosk/src/audit/audit-chain';
import { runKioskCli } from './harness/kiosk.process';

/**
 * The audit log's tamper evidence as an auditor sees it through the built `kiosk` command: a real
 * log made by `kiosk holder add` and `kiosk token create`, a signed head noted with `kiosk audit
 * head` part way, then each tampering done on a fresh copy of that file by another process, the
 * append-only triggers dropped first.
 * - A tamperer who does not re-hash (a row changed, a middle row deleted, the tail deleted, a row
 *   inserted, two rows swapped): `kiosk audit verify` exits 1 naming the first broken sequence
 *   number and the kind of break, in its text and its `--json`.
 * - A tamperer who re-hashes (the tail deleted and sqlite_sequence lowered, the last records
 *   replaced by a re-hashed one, a row rewritten and every later hash redone): plain `verify`
 *   finds nothing, `verify --since-head HEAD.json` exits 1 naming the head's record.
 * No card reader or door board is needed: only the CLI and the SQLite file.
 */
const HOLDERS = [
  ['Ada Lovelace', '04A224E2C35E80'],
  ['Grace Hopper', '04A224E2C35E81'],
  ['Edsger Dijkstra', '04A224E2C35E82'],
  ['Barbara Liskov', '04A224E2C35E83'],
] as const;
/** Records 1-4 the holders, 5-6 two tokens (6 an admin token); the head is noted at 6. */
const HEAD_SEQ = 6;
/** Records 7-8 two more holders, 9 a token: appended after the head. */
const ALL = 9;

interface Row {
  seq: number;
  at: string;
  type: string;
  door_id: string | null;
  reader: string | null;
  credential_kind: string | null;
  credential_display: string | null;
  holder_id: string | null;
  outcome: string | null;
  reason: string | null;
  detail: string;
  prev_hash: string;
  hash: string;
}

const fieldsOf = (r: Row): ChainedAuditFields => ({
  seq: r.seq,
  at: r.at,
  type: r.type,
  doorId: r.door_id,
  reader: r.reader,
  credentialKind: r.credential_kind,
  credentialDisplay: r.credential_display,
  holderId: r.holder_id,
  outcome: r.outcome,
  reason: r.reason,
  detail: r.detail,
});

const COLUMNS = [
  'seq',
  'at',
  'type',
  'door_id',
  'reader',
  'credential_kind',
  'credential_display',
  'holder_id',
  'outcome',
  'reason',
  'detail',
  'prev_hash',
  'hash',
] as const;

/** Another process on the database file, as a tamperer with shell access would open it. */
class Tamperer {
  readonly sql: Database.Database;
  constructor(path: string) {
    this.sql = new Database(path, { fileMustExist: true });
    this.sql.exec('DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete;');
  }
  rows = () => this.sql.prepare('SELECT * FROM audit_events ORDER BY seq').all() as Row[];
  row = (seq: number) =>
    this.sql.prepare('SELECT * FROM audit_events WHERE seq = ?').get(seq) as Row;
  seqs = () => this.rows().map((r) => r.seq);
  highestGiven = () =>
    (
      this.sql.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'audit_events'").get() as {
        seq: number;
      }
    ).seq;
  lowerSequence = (seq: number) =>
    this.sql.prepare("UPDATE sqlite_sequence SET seq = ? WHERE name = 'audit_events'").run(seq);
  /** Writes `r` over the row numbered `seq`: every column but the number. */
  setRow = (seq: number, r: Row) =>
    this.sql
      .prepare(
        `UPDATE audit_events SET ${COLUMNS.slice(1)
          .map((c) => `${c} = @${c}`)
          .join(', ')} WHERE seq = @seq`,
      )
      .run({ ...r, seq });
  insertRow = (r: Row) =>
    this.sql
      .prepare(
        `INSERT INTO audit_events (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')})`,
      )
      .run(r);
  /** Gives every row from `seq` on the hash it would have had: the chain holds again. */
  rehashFrom = (seq: number) => {
    let prev = this.row(seq - 1).hash;
    for (const r of this.rows().filter((x) => x.seq >= seq)) {
      const hash = hashAuditRecord(prev, fieldsOf(r));
      this.sql
        .prepare('UPDATE audit_events SET prev_hash = ?, hash = ? WHERE seq = ?')
        .run(prev, hash, r.seq);
      prev = hash;
    }
  };
  /** A record that passes for the kiosk's, chained to the row before it. */
  forged = (seq: number, like: Row, change: Partial<Row>): Row => {
    const prevHash = this.row(seq - 1).hash;
    const r: Row = { ...like, ...change, seq, prev_hash: prevHash };
    return { ...r, hash: hashAuditRecord(prevHash, fieldsOf(r)) };
  };
  close = () => this.sql.close();
}

interface VerifyJson {
  records: number;
  break: { problem: string; seq: number; expected?: number } | null;
}

describe('kiosk audit verify on a log tampered with behind its triggers', () => {
  let dir: string;
  let pristine: string;
  let headFile: string;
  let copies = 0;
  const keys = () => ({
    KIOSK_PAN_KEY_FILE: join(dir, 'pan-hmac.key'),
    KIOSK_AUDIT_KEY_FILE: join(dir, 'audit-ed25519.pem'),
  });
  const kiosk = (db: string, ...args: string[]) => runKioskCli(args, { KIOSK_DB: db, ...keys() });
  const ok = (result: ReturnType<typeof runKioskCli>) => {
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    return result.stdout;
  };

  beforeAll(() => {
    if (!existsSync('dist/apps/kiosk/src/cli.js'))
      throw new Error('This spec runs the built kiosk: run `npm run build` first');
    dir = mkdtempSync(join(tmpdir(), 'kiosk-audit-tamper-'));
    // The keys made once, up front, so no later command warns about creating one.
    writeFileSync(join(dir, 'pan-hmac.key'), Buffer.alloc(32, 7), { mode: 0o600 });
    pristine = join(dir, 'pristine.db');
    // The first command makes the audit signing key (and says so on stderr).
    expect(kiosk(pristine, 'audit', 'public-key').status).toBe(0);

    const addHolder = ([name, uid]: readonly [string, string]) =>
      ok(kiosk(pristine, 'holder', 'add', '--name', name, '--uid', uid, '--group', 'Everyone'));
    HOLDERS.forEach(addHolder);
    ok(kiosk(pristine, 'token', 'create', '--name', 'Front desk', '--role', 'operator'));
    ok(kiosk(pristine, 'token', 'create', '--name', 'Night shift', '--role', 'admin'));
    headFile = join(dir, 'head.json');
    writeFileSync(headFile, ok(kiosk(pristine, 'audit', 'head')));
    addHolder(['Alan Turing', '04A224E2C35E84']);
    addHolder(['Frances Allen', '04A224E2C35E85']);
    ok(kiosk(pristine, 'token', 'create', '--name', 'Auditor', '--role', 'auditor'));

    // Every change in the main file, so that a copy of it is the whole database.
    const db = new Database(pristine, { fileMustExist: true });
    try {
      db.pragma('wal_checkpoint(TRUNCATE)');
      const records = db
        .prepare('SELECT seq, outcome FROM audit_events ORDER BY seq')
        .all() as Array<{ seq: number; outcome: string }>;
      expect(records.map((r) => `${r.seq} ${r.outcome}`)).toEqual([
        '1 holder-created',
        '2 holder-created',
        '3 holder-created',
        '4 holder-created',
        '5 token-created',
        '6 token-created',
        '7 holder-created',
        '8 holder-created',
        '9 token-created',
      ]);
    } finally {
      db.close();
    }
    expect(JSON.parse(readFileSync(headFile, 'utf8'))).toMatchObject({
      kind: 'kiosk-audit-head',
      seq: HEAD_SEQ,
    });
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** A fresh copy of the untouched log. */
  const copy = () => {
    const path = join(dir, `copy-${++copies}.db`);
    copyFileSync(pristine, path);
    return path;
  };
  /** A fresh copy changed by `tamper`, the tamperer's connection closed before the kiosk reads it. */
  const tampered = (tamper: (t: Tamperer) => void) => {
    const path = copy();
    const t = new Tamperer(path);
    try {
      tamper(t);
    } finally {
      t.close();
    }
    return path;
  };
  const verify = (db: string, ...args: string[]) => kiosk(db, 'audit', 'verify', ...args);
  const verifyJson = (db: string, ...args: string[]) => {
    const result = verify(db, ...args, '--json');
    return { ...result, json: JSON.parse(result.stdout) as VerifyJson };
  };
  /**
   * Text and JSON both: exit 1, nothing on stderr, the break named. Each on a fresh copy made by
   * `make`: a verification on the terminal is itself recorded, so it appends to the log it read.
   */
  const expectBroken = (
    make: () => string,
    args: string[],
    expected: { break: VerifyJson['break']; text: string; stderr: string },
  ) => {
    const json = verifyJson(make(), ...args);
    expect([json.status, json.stderr, json.json.break]).toEqual([
      1,
      expected.stderr,
      expected.break,
    ]);
    const text = verify(make(), ...args);
    expect([text.status, text.stderr, text.stdout]).toEqual([
      1,
      expected.stderr,
      `${expected.text}\n`,
    ]);
  };
  const lastRecord = (db: string) => {
    const sql = new Database(db, { readonly: true, fileMustExist: true });
    try {
      return sql
        .prepare('SELECT seq, type, outcome, reason, detail FROM audit_events ORDER BY seq DESC')
        .get() as {
        seq: number;
        type: string;
        outcome: string;
        reason: string | null;
        detail: string;
      };
    } finally {
      sql.close();
    }
  };

  describe('the untouched log', () => {
    it('verifies: exit 0, every record; the verification is recorded after them, and verifies too', () => {
      const db = copy();
      expect(ok(verify(db))).toBe(`Audit chain intact: ${ALL} records\n`);
      expect(lastRecord(db)).toMatchObject({
        seq: ALL + 1,
        type: 'admin-action',
        outcome: 'audit-verified',
        reason: null,
      });
      expect(JSON.parse(lastRecord(db).detail)).toMatchObject({ intact: true, records: ALL });
      expect(JSON.parse(ok(verify(db, '--json')))).toEqual({ records: ALL + 1, break: null });
    });

    it('verifies since the head noted before the last appends: exit 0', () => {
      expect(ok(verify(copy(), '--since-head', headFile))).toBe(
        `Audit chain intact: ${ALL} records, appended to only since seq ${HEAD_SEQ}\n`,
      );
      expect(JSON.parse(ok(verify(copy(), '--since-head', headFile, '--json')))).toEqual({
        records: ALL,
        break: null,
      });
    });
  });

  describe('a tamperer who does not re-hash: verify names the first broken seq, exit 1', () => {
    it.each<[string, (t: Tamperer) => void, NonNullable<VerifyJson['break']>, string]>([
      [
        'a row changed (the admin token recorded as an auditor one): hash-mismatch at it',
        (t) => {
          t.sql
            .prepare(
              `UPDATE audit_events SET detail = replace(detail, '"role":"admin"', '"role":"auditor"') WHERE seq = 6`,
            )
            .run();
          expect(t.row(6).detail).toContain('"name":"Night shift","role":"auditor"');
        },
        { problem: 'hash-mismatch', seq: 6 },
        'Audit chain BROKEN at seq 6: hash-mismatch',
      ],
      [
        'a middle row deleted: sequence-gap at the next, the missing one expected',
        (t) => {
          t.sql.prepare('DELETE FROM audit_events WHERE seq = 4').run();
          expect(t.seqs()).toEqual([1, 2, 3, 5, 6, 7, 8, 9]);
        },
        { problem: 'sequence-gap', seq: 5, expected: 4 },
        'Audit chain BROKEN at seq 5: sequence-gap, seq 4 missing',
      ],
      [
        'the tail deleted: tail-missing against the highest seq SQLite gave',
        (t) => {
          t.sql.prepare('DELETE FROM audit_events WHERE seq >= 8').run();
          expect([t.seqs(), t.highestGiven()]).toEqual([[1, 2, 3, 4, 5, 6, 7], ALL]);
        },
        { problem: 'tail-missing', seq: 7, expected: ALL },
        'Audit chain BROKEN after seq 7: tail-missing, seq 8 to 9 gone (SQLite gave numbers up to 9)',
      ],
      [
        'a row inserted (later ones renumbered, its own hash right): prev-hash-mismatch after it',
        (t) => {
          for (let seq = ALL; seq >= 4; seq--)
            t.sql.prepare('UPDATE audit_events SET seq = seq + 1 WHERE seq = ?').run(seq);
          t.insertRow(t.forged(4, t.row(3), { holder_id: null, detail: '{"name":"Mallory"}' }));
          expect(t.seqs()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        },
        { problem: 'prev-hash-mismatch', seq: 5 },
        'Audit chain BROKEN at seq 5: prev-hash-mismatch',
      ],
      [
        'two rows swapped: prev-hash-mismatch at the first',
        (t) => {
          const [five, six] = [t.row(5), t.row(6)];
          // Out of the way first: hash is UNIQUE.
          t.sql.prepare("UPDATE audit_events SET hash = 'swapping' WHERE seq = 6").run();
          t.setRow(5, six);
          t.setRow(6, five);
          expect(t.row(5).detail).toContain('Night shift');
        },
        { problem: 'prev-hash-mismatch', seq: 5 },
        'Audit chain BROKEN at seq 5: prev-hash-mismatch',
      ],
    ])('%s', (what, tamper, expected, text) => {
      const make = () => tampered(tamper);
      // The renumbered rows took the number the verification's own record would get: the
      // result is told all the same, and why it could not be recorded.
      const stderr = what.startsWith('a row inserted')
        ? 'kiosk: this verification could not be recorded: UNIQUE constraint failed: audit_events.seq\n'
        : '';
      expectBroken(make, [], { break: expected, text, stderr });
      // A head noted before the change reports the same break: the chain is checked first.
      expectBroken(make, ['--since-head', headFile], { break: expected, text, stderr });
    });

    it('records a verification that found a break, with the break', () => {
      const db = tampered((t) => t.sql.prepare('DELETE FROM audit_events WHERE seq = 4').run());
      expect(verify(db).status).toBe(1);
      expect(lastRecord(db)).toMatchObject({ outcome: 'audit-verified', reason: 'sequence-gap' });
      expect(JSON.parse(lastRecord(db).detail)).toMatchObject({
        intact: false,
        records: 3,
        break: { problem: 'sequence-gap', seq: 5, expected: 4 },
      });
    });
  });

  describe('a tamperer who re-hashes: verify finds nothing, --since-head names the head', () => {
    it.each<[string, (t: Tamperer) => void, number, string]>([
      [
        'the tail from the head on deleted and sqlite_sequence lowered: head-missing',
        (t) => {
          t.sql.prepare('DELETE FROM audit_events WHERE seq >= ?').run(HEAD_SEQ);
          t.lowerSequence(HEAD_SEQ - 1);
          expect([t.seqs(), t.highestGiven()]).toEqual([[1, 2, 3, 4, 5], HEAD_SEQ - 1]);
        },
        HEAD_SEQ - 1,
        'head-missing',
      ],
      [
        'the tail from the head on replaced by one re-hashed record appended: head-changed',
        (t) => {
          const admin = t.row(HEAD_SEQ);
          t.sql.prepare('DELETE FROM audit_events WHERE seq >= ?').run(HEAD_SEQ);
          t.lowerSequence(HEAD_SEQ - 1);
          // The admin token's record written again as an auditor token's, hashed right.
          t.insertRow(
            t.forged(HEAD_SEQ, admin, {
              detail: admin.detail.replace('"role":"admin"', '"role":"auditor"'),
            }),
          );
          expect([t.seqs(), t.highestGiven()]).toEqual([[1, 2, 3, 4, 5, 6], HEAD_SEQ]);
        },
        HEAD_SEQ,
        'head-changed',
      ],
      [
        'a row before the head rewritten and every later hash redone: head-changed',
        (t) => {
          t.sql
            .prepare(
              `UPDATE audit_events SET detail = replace(detail, 'Grace', 'Mallory') WHERE seq = 2`,
            )
            .run();
          t.rehashFrom(2);
          expect(t.row(2).detail).toContain('"displayName":"Mallory Hopper"');
          expect(t.seqs()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
        },
        ALL,
        'head-changed',
      ],
    ])('%s', (_what, tamper, records, problem) => {
      const make = () => tampered(tamper);
      // The weakness the head closes: the log alone looks whole.
      expect(ok(verify(make()))).toBe(`Audit chain intact: ${records} records\n`);
      expect(JSON.parse(ok(verify(make(), '--json')))).toEqual({ records, break: null });
      const sinceHead = verifyJson(make(), '--since-head', headFile);
      expect([sinceHead.status, sinceHead.stderr, sinceHead.json]).toEqual([
        1,
        '',
        { records, break: { problem, seq: HEAD_SEQ } },
      ]);
      const text = verify(make(), '--since-head', headFile);
      expect([text.status, text.stderr, text.stdout]).toEqual([
        1,
        '',
        `Audit chain BROKEN at seq ${HEAD_SEQ}: ${problem}\n`,
      ]);
    });

    it('nor can the head file be made to match the re-hashed log: its signature fails', () => {
      const db = tampered((t) => {
        t.sql.prepare(`UPDATE audit_events SET holder_id = 'mallory' WHERE seq = 2`).run();
        t.rehashFrom(2);
      });
      const rehashed = new Database(db, { readonly: true, fileMustExist: true });
      const { hash } = rehashed
        .prepare('SELECT hash FROM audit_events WHERE seq = ?')
        .get(HEAD_SEQ) as { hash: string };
      rehashed.close();
      const head = JSON.parse(readFileSync(headFile, 'utf8')) as { hash: string };
      expect(hash).not.toBe(head.hash);
      const forgedHead = join(dir, 'forged-head.json');
      writeFileSync(forgedHead, JSON.stringify({ ...head, hash }));
      const result = verify(db, '--since-head', forgedHead);
      expect([result.status, result.stdout, result.stderr]).toEqual([
        1,
        '',
        'kiosk: The head is not signed by this terminal: the signature does not match the statement\n',
      ]);
    });
  });
});
