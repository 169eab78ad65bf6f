import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { openTestDatabase, type TestDatabase } from '../testing/test-database';
import type { AdminActor } from './admin-actor';
import { parseAuditExport } from './audit-export-format';
import { AuditExportService } from './audit-export.service';
import { AuditModule } from './audit.module';
import { AuditRepository, type AuditLogReader } from './audit.repository';

const ACTOR: AdminActor = { kind: 'cli', user: 'auditor' };
/** Several of the export's pages (250 records each). */
const RECORDS = 2_500;

/** The readers (read connections of their own) the export opens. */
class ReaderWitness {
  readonly opened: AuditLogReader[] = [];
  /** Called with each reader as it is opened (a test makes it fail). */
  onOpen: (reader: AuditLogReader) => void = () => {};

  constructor(records: AuditRepository) {
    const open = records.openReader.bind(records);
    jest.spyOn(records, 'openReader').mockImplementation(() => {
      const reader = open();
      this.opened.push(reader);
      this.onOpen(reader);
      return reader;
    });
  }

  get stillOpen(): number {
    return this.opened.filter((r) => r.isOpen).length;
  }
}

/** The first chunk of rows (after the CSV header, which comes before any read). */
async function firstRows(stream: Readable): Promise<void> {
  for (let chunks = 0; chunks < 2; chunks++)
    if (stream.read() === null) await once(stream, 'readable');
}

describe('an audit export reads on a connection of its own, closed whatever happens', () => {
  let db: TestDatabase;
  let exports: AuditExportService;
  let witness: ReaderWitness;
  beforeAll(async () => {
    db = await openTestDatabase([AuditModule]);
    exports = db.module.get(AuditExportService);
    // Written straight into the table (an export checks no link): thousands of durable appends
    // would take the spec minutes.
    const outside = db.outside();
    const insert = outside.prepare(
      `INSERT INTO audit_events (at, type, detail, prev_hash, hash)
       VALUES (?, 'device-event', '{}', ?, ?)`,
    );
    outside.transaction(() => {
      for (let i = 0; i < RECORDS; i++)
        insert.run(
          new Date(Date.UTC(2026, 10, 1, 0, 0, i)).toISOString(),
          randomBytes(32).toString('hex'),
          randomBytes(32).toString('hex'),
        );
    })();
  });
  beforeEach(() => (witness = new ReaderWitness(db.module.get(AuditRepository))));
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => db.close());

  it.each(['csv', 'ndjson'] as const)('%s: read to the end, one reader, closed', async (format) => {
    const t = await text(await exports.export(format, {}, ACTOR));
    expect(parseAuditExport(t).records.length).toBeGreaterThan(RECORDS);
    expect(witness.opened).toHaveLength(1);
    expect(witness.stillOpen).toBe(0);
  });

  it('a client that goes away mid-export: the reader is closed', async () => {
    const stream = await exports.export('csv', {}, ACTOR);
    await firstRows(stream);
    expect(witness.opened).toHaveLength(1);
    expect(witness.stillOpen).toBe(1);
    stream.destroy();
    await once(stream, 'close');
    expect(witness.stillOpen).toBe(0);
  });

  it('a stream destroyed before it is read opens no reader', async () => {
    const stream = await exports.export('ndjson', {}, ACTOR);
    stream.destroy();
    await once(stream, 'close');
    expect(witness.opened).toHaveLength(0);
  });

  it('a read that fails: the stream fails, and the reader is closed', async () => {
    witness.onOpen = (reader) => {
      const page = reader.pageMatchingUpTo.bind(reader);
      let pages = 0;
      jest.spyOn(reader, 'pageMatchingUpTo').mockImplementation((...args) => {
        if (++pages === 2) throw new Error('disk I/O error');
        return page(...args);
      });
    };
    const stream = await exports.export('ndjson', {}, ACTOR);
    await expect(text(stream)).rejects.toThrow('disk I/O error');
    expect(witness.opened).toHaveLength(1);
    expect(witness.stillOpen).toBe(0);
  });
});
