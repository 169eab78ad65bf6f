import { parse } from 'csv-parse/sync';
import { neutraliseCell, restoreCell } from '../csv/spreadsheet-cell';
import { hashAuditRecord } from './audit-chain';
import type { StoredAuditRecord } from './audit-event';
import type { AuditCheckpoint, Signed } from './audit-statement';

/**
 * The audit export formats, both ways. CSV (RFC 4180, a header row, UTC ISO-8601 times) or NDJSON
 * (one record a line); each row carries its chain link (`prev_hash`, `hash`), and the file ends
 * with the terminal's signed checkpoint: the last line of NDJSON, a `# kiosk-audit-checkpoint`
 * comment line after the CSV rows. A text cell a spreadsheet would take for a formula (`=`, `+`,
 * `-`, `@` first) is written with a leading `'`, taken off again when the file is verified.
 */
export type AuditExportFormat = 'csv' | 'ndjson';

export const AUDIT_CSV_COLUMNS = [
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

export const CSV_CHECKPOINT_PREFIX = '# kiosk-audit-checkpoint ';

/** null stays an empty cell; an empty text is written quoted (`""`), so the two stay apart. */
const cell = (text: string | null): string | null => (text === null ? null : neutraliseCell(text));

/**
 * csv-stringify settings of the export: a cell holding `#` is quoted (the checkpoint is a `#`
 * comment line, and tools reading comments would cut such a cell), and so is an empty text.
 */
export const AUDIT_CSV_QUOTING = { quoted_match: [/#/, /^$/] };
const uncell = restoreCell;

export function auditCsvRecord(r: StoredAuditRecord): (string | null)[] {
  return [
    String(r.seq),
    r.at,
    cell(r.type),
    cell(r.doorId),
    cell(r.reader),
    cell(r.credentialKind),
    cell(r.credentialDisplay),
    cell(r.holderId),
    cell(r.outcome),
    cell(r.reason),
    cell(r.detail),
    r.prevHash,
    r.hash,
  ];
}

/** One NDJSON line (without its newline); `detail` as the object it is. */
export function auditNdjsonLine(r: StoredAuditRecord): string {
  return JSON.stringify({ ...r, detail: JSON.parse(r.detail) as unknown });
}

/**
 * What `csv-stringify` writes for one cell with AUDIT_CSV_QUOTING, without it: a million rows
 * through csv-stringify cost the export most of its time (an array of cells, a cast and a list
 * of tests per cell). Quoted when empty or holding a quote, a comma, a line break or `#`; a
 * quote inside is doubled; null is an empty cell. The spec holds it to csv-stringify's output.
 */
const NEEDS_QUOTES = /[",\n\r#]/;
function csvCell(text: string | null): string {
  if (text === null) return '';
  if (text === '') return '""';
  if (!NEEDS_QUOTES.test(text)) return text;
  return `"${text.replaceAll('"', '""')}"`;
}
const csvText = (text: string | null): string => csvCell(cell(text));

/** The export's CSV header line, with its newline. */
export const AUDIT_CSV_HEADER = `${AUDIT_CSV_COLUMNS.map(csvCell).join(',')}\n`;

/**
 * One record's CSV line with its newline: `stringify([auditCsvRecord(r)], AUDIT_CSV_QUOTING)`.
 * The number is written by JSON.stringify (the same digits as String), not `${r.seq}`: V8 keeps
 * each number it turns into a string that way in a cache of its old generation, so every
 * number's string outlived the young generation's collections; an export of a million numbers
 * made V8 grow its young generation to the largest and promote those strings (bench/README.md,
 * "Audit export").
 */
export function auditCsvLine(r: StoredAuditRecord): string {
  return (
    `${JSON.stringify(r.seq)},${csvCell(r.at)},${csvText(r.type)},${csvText(r.doorId)},${csvText(r.reader)},` +
    `${csvText(r.credentialKind)},${csvText(r.credentialDisplay)},${csvText(r.holderId)},` +
    `${csvText(r.outcome)},${csvText(r.reason)},${csvText(r.detail)},${csvCell(r.prevHash)},` +
    `${csvCell(r.hash)}\n`
  );
}

export const checkpointNdjsonLine = (c: Signed<AuditCheckpoint>): string =>
  JSON.stringify({ checkpoint: c });
export const checkpointCsvLine = (c: Signed<AuditCheckpoint>): string =>
  `${CSV_CHECKPOINT_PREFIX}${JSON.stringify(c)}`;

export interface ParsedAuditExport {
  format: AuditExportFormat;
  records: (StoredAuditRecord & { line: number })[];
  checkpoint: Signed<AuditCheckpoint> | null;
}

/** Reads an export back; throws an Error naming the line when it is not one. */
export function parseAuditExport(text: string): ParsedAuditExport {
  const lines = text.split('\n');
  while (lines.length > 0 && lines.at(-1)!.trim() === '') lines.pop();
  const last = lines.at(-1) ?? '';
  if (last.startsWith(CSV_CHECKPOINT_PREFIX) || text.startsWith(AUDIT_CSV_COLUMNS[0])) {
    const checkpoint = last.startsWith(CSV_CHECKPOINT_PREFIX)
      ? checkpointOrNull(JSON.parse(last.slice(CSV_CHECKPOINT_PREFIX.length)))
      : null;
    const body = (checkpoint ? lines.slice(0, -1) : lines).join('\n');
    const rows = parse<{ record: Record<string, string | null>; info: { lines: number } }>(body, {
      columns: true,
      info: true,
      skip_empty_lines: true,
      // An unquoted empty cell is null; a quoted one (`""`) an empty text.
      cast: (value, context) => (value === '' && !context.quoting ? null : value),
    });
    return {
      format: 'csv',
      checkpoint,
      records: rows.map(({ record, info }) => ({ ...recordOfCsv(record), line: info.lines })),
    };
  }
  const records: ParsedAuditExport['records'] = [];
  let checkpoint: Signed<AuditCheckpoint> | null = null;
  lines.forEach((line, i) => {
    let value: Record<string, unknown>;
    try {
      value = JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw new Error(`line ${i + 1} is not JSON`);
    }
    if (value.checkpoint !== undefined && i === lines.length - 1)
      checkpoint = checkpointOrNull(value.checkpoint);
    else
      records.push({
        ...(value as unknown as StoredAuditRecord),
        detail: JSON.stringify(value.detail),
        line: i + 1,
      });
  });
  return { format: 'ndjson', records, checkpoint };
}

/** A checkpoint as this version writes it, or null (then the export is reported as unsigned). */
function checkpointOrNull(value: unknown): Signed<AuditCheckpoint> | null {
  const c = value as Partial<Signed<AuditCheckpoint>> | null;
  const text = (v: unknown) => typeof v === 'string';
  const link = (v: unknown) =>
    v === null || (typeof v === 'object' && text((v as { hash?: unknown }).hash));
  return c !== null &&
    typeof c === 'object' &&
    c.kind === 'kiosk-audit-checkpoint' &&
    c.version === 1 &&
    text(c.at) &&
    typeof c.filter === 'object' &&
    c.filter !== null &&
    typeof c.rows === 'number' &&
    typeof c.contiguous === 'boolean' &&
    link(c.first) &&
    link(c.last) &&
    text(c.rowsDigest) &&
    typeof c.head === 'object' &&
    c.head !== null &&
    text(c.publicKey) &&
    text(c.publicKeyFingerprint) &&
    text(c.signature)
    ? (c as Signed<AuditCheckpoint>)
    : null;
}

function recordOfCsv(c: Record<string, string | null>): StoredAuditRecord {
  const text = (column: string) => {
    const value = c[column];
    return value === null || value === undefined ? null : uncell(value);
  };
  return {
    seq: Number(c.seq),
    at: c.at ?? '',
    type: text('type') ?? '',
    doorId: text('door_id'),
    reader: text('reader'),
    credentialKind: text('credential_kind'),
    credentialDisplay: text('credential_display'),
    holderId: text('holder_id'),
    outcome: text('outcome'),
    reason: text('reason'),
    detail: text('detail') ?? '{}',
    prevHash: c.prev_hash ?? '',
    hash: c.hash ?? '',
  };
}

/** What is wrong with an export, by sequence number where there is one. */
export interface ExportProblem {
  seq: number | null;
  problem: 'edited' | 'missing' | 'inserted' | 'reordered' | 'checkpoint';
  detail: string;
}

/**
 * Checks the rows of an export against each other and against its checkpoint (whose signature
 * the caller checks): each row's hash is its content's; rows come in sequence order; in an
 * unfiltered export each row links to the one before and no number is skipped; and the rows are
 * exactly those the checkpoint counted and digested.
 */
export function checkExportRows(
  parsed: ParsedAuditExport,
  digestOf: (hashes: string[]) => string,
): ExportProblem[] {
  const problems: ExportProblem[] = [];
  const { records, checkpoint } = parsed;
  if (!checkpoint)
    return [{ seq: null, problem: 'checkpoint', detail: 'the export has no checkpoint' }];
  // Rows that chained when exported must chain now (a type filter, or a time range across a
  // clock step, leaves gaps: then the signed digest alone says whether rows are missing).
  const unfiltered = checkpoint.contiguous;
  records.forEach((r, i) => {
    if (hashAuditRecord(r.prevHash, r) !== r.hash)
      problems.push({
        seq: r.seq,
        problem: 'edited',
        detail: `line ${r.line}: the row does not match its hash`,
      });
    const before = records[i - 1];
    if (!before) return;
    if (r.seq <= before.seq)
      problems.push({
        seq: r.seq,
        problem: 'reordered',
        detail: `line ${r.line}: after seq ${before.seq}`,
      });
    else if (unfiltered && r.prevHash !== before.hash)
      problems.push(
        r.seq > before.seq + 1
          ? {
              seq: before.seq + 1,
              problem: 'missing',
              detail: `the rows jump from seq ${before.seq} to ${r.seq}`,
            }
          : {
              seq: r.seq,
              problem: 'inserted',
              detail: `line ${r.line}: does not follow seq ${before.seq}`,
            },
      );
  });
  const first = records[0];
  const last = records.at(-1);
  if (records.length !== checkpoint.rows)
    problems.push({
      seq: null,
      problem: records.length < checkpoint.rows ? 'missing' : 'inserted',
      detail: `${records.length} rows; the checkpoint signed ${checkpoint.rows}`,
    });
  if (
    checkpoint.first &&
    first &&
    (first.seq !== checkpoint.first.seq || first.hash !== checkpoint.first.hash)
  )
    problems.push({
      seq: first.seq,
      problem: 'missing',
      detail: `the first row is not seq ${checkpoint.first.seq} as signed`,
    });
  if (
    checkpoint.last &&
    last &&
    (last.seq !== checkpoint.last.seq || last.hash !== checkpoint.last.hash)
  )
    problems.push({
      seq: last.seq,
      problem: 'missing',
      detail: `the last row is not seq ${checkpoint.last.seq} as signed`,
    });
  if (digestOf(records.map((r) => r.hash)) !== checkpoint.rowsDigest)
    problems.push({
      seq: null,
      problem: 'checkpoint',
      detail: 'the rows are not the ones the checkpoint signed',
    });
  return problems;
}
