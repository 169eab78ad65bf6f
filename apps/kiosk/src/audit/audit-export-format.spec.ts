import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import type { StoredAuditRecord } from './audit-event';
import {
  AUDIT_CSV_COLUMNS,
  AUDIT_CSV_HEADER,
  AUDIT_CSV_QUOTING,
  auditCsvLine,
  auditCsvRecord,
} from './audit-export-format';

// The export writes its CSV lines by hand for speed; this holds them to csv-stringify with the
// export quoting, byte for byte, on texts a spreadsheet or a parser trips on.
const awkward = fc.oneof(
  fc.constantFrom('', '#', '"', ',', '\n', '\r\n', '=1+1', "'=x", '-3', '@a', '\t', 'a"b"c'),
  fc.string({
    unit: fc.constantFrom('a', '#', '"', ',', '\n', '\r', '=', "'", '-', 'é', '\uD800'),
  }),
  fc.string({ unit: 'binary' }),
);
const text = fc.option(awkward, { nil: null });
const detail = fc.oneof(
  fc.constant('{}'),
  fc.constant('{ "spaced" : 1.50, "esc": "\\u00e9" }'),
  fc.jsonValue().map((v) => JSON.stringify({ v })),
);
const record: fc.Arbitrary<StoredAuditRecord> = fc.record({
  seq: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
  at: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  type: awkward,
  doorId: text,
  reader: text,
  credentialKind: text,
  credentialDisplay: text,
  holderId: text,
  outcome: text,
  reason: text,
  detail,
  prevHash: fc.string(),
  hash: fc.string(),
});

describe('audit export lines', () => {
  it('writes the CSV header as csv-stringify does', () => {
    expect(AUDIT_CSV_HEADER).toBe(stringify([[...AUDIT_CSV_COLUMNS]]));
  });

  it('writes a CSV line as csv-stringify does with the export quoting', () => {
    fc.assert(
      fc.property(record, (r) => {
        expect(auditCsvLine(r)).toBe(stringify([auditCsvRecord(r)], AUDIT_CSV_QUOTING));
      }),
      { numRuns: 2000 },
    );
  });

  it('quotes an empty text and a #, leaves null empty, and marks a formula', () => {
    const r: StoredAuditRecord = {
      seq: 7,
      at: '2026-01-02T03:04:05.000Z',
      type: 'x#y',
      doorId: '',
      reader: null,
      credentialKind: '=1+1',
      credentialDisplay: 'a"b',
      holderId: null,
      outcome: null,
      reason: null,
      detail: '{"a":1}',
      prevHash: 'p',
      hash: 'h',
    };
    expect(auditCsvLine(r)).toBe(
      '7,2026-01-02T03:04:05.000Z,"x#y","",,\'=1+1,"a""b",,,,"{""a"":1}",p,h\n',
    );
  });
});
