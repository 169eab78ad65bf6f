import { parse } from 'csv-parse/sync';
import { GROUP_SEPARATOR } from '../access-groups/access-group';
import { neutraliseCell, restoreCell } from '../csv/spreadsheet-cell';
import type { HolderRecord } from './holder';

/**
 * The holders CSV file, both ways: one row per holder, RFC 4180 (csv-parse, csv-stringify), a
 * header row, UTF-8. Lines starting with `#` are comments. Exported, then imported into another
 * terminal, it makes the same holders with the same UID cards, groups and times. Bank cards are
 * exported only masked and cannot come back from the file (the terminal never has their digits):
 * `pan_cards` is for reading and is ignored on import.
 */
export const HOLDER_CSV_COLUMNS = [
  'name',
  'lcd_name',
  'status',
  'valid_from',
  'valid_until',
  'visitor',
  'groups',
  'uids',
  'notes',
  'pan_cards',
] as const;
type Column = (typeof HOLDER_CSV_COLUMNS)[number];

export const HOLDER_CSV_NOTE =
  '# Holders exported by the door kiosk. Bank cards (pan_cards) are exported masked only and are not imported again from this file: enrol them again by card or by number. Revoked cards are not exported.';

/** Groups (and masked bank cards) are separated by `;`: a group name may not hold one. */
export { GROUP_SEPARATOR };

/** A UID card with entries left is written `UID/N`. */
export interface UidCard {
  uid: string;
  usesLeft: number | null;
}

/** One holder read from a row, before anything is looked up. */
export interface HolderCsvRow {
  line: number;
  name: string;
  lcdName: string | null;
  status: 'active' | 'suspended';
  validFrom: Date | null;
  validUntil: Date | null;
  visitor: boolean;
  groupNames: string[];
  uids: UidCard[];
  notes: string | null;
  /** Bank cards the row names (masked): never imported. */
  panCards: number;
}

export interface CsvProblem {
  line: number;
  problem: string;
}

/** A holder as a row, text cells made safe for spreadsheets. */
export function holderCsvRecord(
  holder: HolderRecord,
  groupNames: readonly string[],
  cards: { uids: readonly UidCard[]; maskedPans: readonly string[] },
): Record<Column, string> {
  return {
    name: cell(holder.displayName),
    lcd_name: cell(holder.lcdName ?? ''),
    status: holder.status,
    valid_from: holder.validFrom?.toISOString() ?? '',
    valid_until: holder.validUntil?.toISOString() ?? '',
    visitor: holder.visitor ? 'true' : 'false',
    groups: cell(groupNames.join(`${GROUP_SEPARATOR} `)),
    uids: cards.uids.map((c) => (c.usesLeft === null ? c.uid : `${c.uid}/${c.usesLeft}`)).join(' '),
    notes: cell(holder.notes ?? ''),
    pan_cards: cards.maskedPans.join(`${GROUP_SEPARATOR} `), // a masked PAN has spaces
  };
}

const cell = neutraliseCell;
const uncell = restoreCell;

/**
 * The rows of a holders CSV file, each checked for its form; every problem is named with its
 * line, all at once. What needs the database (groups, cards already enrolled) is checked by the
 * import.
 */
export function parseHolderCsv(text: string): { rows: HolderCsvRow[]; problems: CsvProblem[] } {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse<{ record: Record<string, string>; info: { lines: number } }>(text, {
      columns: (header: string[]) => checkedHeader(header),
      comment: '#',
      comment_no_infix: true,
      skip_empty_lines: true,
      bom: true,
      info: true,
      relax_column_count: false,
    });
  } catch (err) {
    const { lines, message } = err as { lines?: number; message: string };
    return { rows: [], problems: [{ line: lines ?? 1, problem: message }] };
  }
  const rows: HolderCsvRow[] = [];
  const problems: CsvProblem[] = [];
  for (const { record, info } of records) {
    const row = rowOf(record, info.lines);
    if ('problem' in row) problems.push(row);
    else rows.push(row);
  }
  return { rows, problems };
}

function checkedHeader(header: string[]): string[] {
  const names = header.map((h) => h.trim().toLowerCase());
  const unknown = names.filter((n) => !(HOLDER_CSV_COLUMNS as readonly string[]).includes(n));
  if (unknown.length > 0)
    throw new Error(
      `unknown columns ${unknown.join(', ')} (the columns are ${HOLDER_CSV_COLUMNS.join(', ')})`,
    );
  if (!names.includes('name')) throw new Error('the header has no "name" column');
  return names;
}

function rowOf(record: Record<string, string>, line: number): HolderCsvRow | CsvProblem {
  const text = (column: Column) => uncell((record[column] ?? '').trim());
  const problem = (what: string): CsvProblem => ({ line, problem: what });
  const status = text('status') || 'active';
  if (status !== 'active' && status !== 'suspended')
    return problem(`status: "active" or "suspended", not "${status}"`);
  const visitor = text('visitor').toLowerCase() || 'false';
  if (visitor !== 'true' && visitor !== 'false') return problem('visitor: "true" or "false"');
  const validFrom = dateOf(text('valid_from'));
  const validUntil = dateOf(text('valid_until'));
  if (validFrom === undefined) return problem('valid_from: an ISO-8601 date and time');
  if (validUntil === undefined) return problem('valid_until: an ISO-8601 date and time');
  const uids: UidCard[] = [];
  for (const item of text('uids').split(/\s+/).filter(Boolean)) {
    const match = /^([^/]+)(?:\/(\d{1,5}))?$/.exec(item);
    if (!match) return problem(`uids: "${item}" is not a UID or UID/entries`);
    uids.push({ uid: match[1]!, usesLeft: match[2] === undefined ? null : Number(match[2]) });
  }
  return {
    line,
    name: text('name'),
    lcdName: text('lcd_name') || null,
    status,
    validFrom,
    validUntil,
    visitor: visitor === 'true',
    groupNames: text('groups')
      .split(GROUP_SEPARATOR)
      .map((g) => g.trim())
      .filter(Boolean),
    uids,
    notes: (record.notes ?? '').trim() === '' ? null : uncell((record.notes ?? '').trim()),
    panCards: text('pan_cards')
      .split(GROUP_SEPARATOR)
      .filter((p) => p.trim()).length,
  };
}

/** null for an empty cell, undefined for one that is not a date. */
function dateOf(text: string): Date | null | undefined {
  if (text === '') return null;
  if (!/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
