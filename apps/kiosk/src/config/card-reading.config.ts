import {
  compileReaderPattern,
  CREDENTIAL_METHODS,
  DEFAULT_FALLBACK_AIDS,
  PURSE_FILE_DEFAULTS,
  type CredentialMethod,
} from '@kiosk/card';
import type { EnvReader } from './env-reader';

/** How the kiosk reads credentials from cards: what an installer tunes per site. */
export interface CardReadingConfig {
  /**
   * Per reader, the methods tried and their order; the first rule whose pattern matches the
   * reader wins. Readers no rule matches let the card decide (storage card: UID; processor card:
   * EMV, then the purse file).
   */
  readonly methods: ReadonlyArray<{
    readonly readerPattern: string;
    readonly order: readonly CredentialMethod[];
  }>;
  /** A contactless processor card with no EMV or purse-file number falls back to its UID. */
  readonly uidFallbackForProcessorCards: boolean;
  readonly readTimeoutMs: number;
  /** The seed's purse-file method: class byte, file ids, and where the BCD number sits. */
  readonly purseFile: {
    readonly cla: number;
    readonly masterFile: string;
    readonly purseFile: string;
    readonly offset: number;
    readonly length: number;
  };
  /** AIDs tried in order when a bank card has no PSE/PPSE directory. */
  readonly emvFallbackAids: readonly string[];
  /** Readers (pattern) that get ACR122U LED/buzzer feedback; null: none. */
  readonly feedbackReaders: string | null;
  /** Readers (pattern) that may be asked NTAG GET VERSION to name the chip; null: none. */
  readonly ntagGetVersionReaders: string | null;
}

export function loadCardReadingConfig(read: EnvReader): CardReadingConfig {
  return {
    methods: readMethods(read),
    uidFallbackForProcessorCards: read.bool('KIOSK_UID_FALLBACK', false),
    // Long enough for a slow contact card's EMV read; short enough that a stuck card frees the door.
    readTimeoutMs: read.int('KIOSK_READ_TIMEOUT_MS', 5000, 500, 60_000),
    purseFile: readPurseFile(read),
    emvFallbackAids: readAids(read),
    feedbackReaders: readPattern(read, 'KIOSK_READER_FEEDBACK'),
    ntagGetVersionReaders: readPattern(read, 'KIOSK_NTAG_GET_VERSION'),
  };
}

function readPurseFile(read: EnvReader): CardReadingConfig['purseFile'] {
  // A PAN has at most 19 digits (10 BCD bytes); one short READ BINARY reads at most 256 bytes.
  const offset = read.int('KIOSK_PURSE_OFFSET', PURSE_FILE_DEFAULTS.offset, 0, 255);
  const length = read.int('KIOSK_PURSE_LENGTH', PURSE_FILE_DEFAULTS.length, 1, 10);
  if (offset + length > 256) {
    read.problem('KIOSK_PURSE_OFFSET', String(offset), `with length ${length}, past byte 256`, 0);
  }
  return {
    cla: Number.parseInt(read.hex('KIOSK_PURSE_CLA', hexByte(PURSE_FILE_DEFAULTS.cla), 1), 16),
    masterFile: read.hex('KIOSK_PURSE_MASTER_FILE', PURSE_FILE_DEFAULTS.masterFile, 2),
    purseFile: read.hex('KIOSK_PURSE_FILE', PURSE_FILE_DEFAULTS.purseFile, 2),
    offset,
    length,
  };
}

/**
 * `pattern=method,method;pattern=method`: rules split at `;` (so a pattern cannot hold one), each
 * rule at its last `=`. Every bad rule is named.
 */
function readMethods(read: EnvReader): CardReadingConfig['methods'] {
  const key = 'KIOSK_READ_METHODS';
  const raw = read.optionalText(key);
  if (raw === null) return [];
  const known = (m: string): m is CredentialMethod =>
    (CREDENTIAL_METHODS as readonly string[]).includes(m);
  const rules: Array<{ readerPattern: string; order: CredentialMethod[] }> = [];
  for (const rule of raw.split(';').map((r) => r.trim())) {
    if (rule === '') continue;
    const at = rule.lastIndexOf('=');
    const readerPattern = rule.slice(0, Math.max(at, 0)).trim();
    const order = rule
      .slice(at + 1)
      .split(',')
      .map((m) => m.trim());
    if (readerPattern === '' || !order.every(known) || new Set(order).size < order.length) {
      const methods = CREDENTIAL_METHODS.join(', ');
      read.problem(key, raw, `"${rule}" is not pattern=methods (of ${methods}, each once)`, null);
      continue;
    }
    const compiled = compileReaderPattern(readerPattern);
    if (!compiled.ok) {
      const why = `"${readerPattern}": not a regular expression (${compiled.detail})`;
      read.problem(key, raw, why, null);
      continue;
    }
    rules.push({ readerPattern, order: order.filter(known) });
  }
  return rules;
}

/** Comma-separated AIDs: 5 to 16 bytes each (ISO/IEC 7816-4). */
function readAids(read: EnvReader): readonly string[] {
  const key = 'KIOSK_EMV_AIDS';
  const raw = read.optionalText(key);
  if (raw === null) return [...DEFAULT_FALLBACK_AIDS];
  const aids = raw.split(',').map((aid) => aid.trim().replace(/[\s:]/g, '').toUpperCase());
  const bad = aids.find((aid) => !/^([0-9A-F]{2}){5,16}$/.test(aid));
  if (bad !== undefined) {
    return read.problem(
      key,
      raw,
      `"${bad}" is no AID (5 to 16 bytes in hex)`,
      DEFAULT_FALLBACK_AIDS,
    );
  }
  return aids;
}

/** A substring of reader names, or /regex/flags: a bad regex is a configuration problem. */
export function readPattern(read: EnvReader, key: string): string | null {
  const pattern = read.optionalText(key);
  if (pattern === null) return null;
  const compiled = compileReaderPattern(pattern);
  return compiled.ok
    ? pattern
    : read.problem(key, pattern, `not a regular expression (${compiled.detail})`, null);
}

const hexByte = (value: number): string => value.toString(16).toUpperCase().padStart(2, '0');
