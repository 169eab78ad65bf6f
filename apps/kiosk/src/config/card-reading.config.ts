import { CREDENTIAL_METHODS, DEFAULT_FALLBACK_AIDS, type CredentialMethod } from '@kiosk/card';
import type { EnvReader } from './env-reader';
import type { ParsedKioskFile } from './kiosk-file';
import { LIMITS } from './kiosk-file.schema';
import { panKeyFileProblem } from './pan-key.check';
import { readerPatternProblem } from './reader-pattern.check';

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

type Cards = ParsedKioskFile['file']['cards'];

/** The KIOSK_* card-reading variables over the file's `cards`. */
export function loadCardReadingConfig(
  read: EnvReader,
  parsed: ParsedKioskFile,
  panKeyFile: string,
): CardReadingConfig {
  const cards = parsed.file.cards;
  return {
    methods: readMethods(read, parsed, panKeyFile),
    uidFallbackForProcessorCards: read.bool(
      'KIOSK_UID_FALLBACK',
      cards.uidFallbackForProcessorCards,
    ),
    readTimeoutMs: read.int(
      'KIOSK_READ_TIMEOUT_MS',
      cards.readTimeoutMs,
      LIMITS.readTimeoutMs.min,
      LIMITS.readTimeoutMs.max,
    ),
    purseFile: readPurseFile(read, cards.purseFile),
    emvFallbackAids: readAids(read, cards),
    feedbackReaders: readPattern(read, 'KIOSK_READER_FEEDBACK') ?? cards.feedbackReaders ?? null,
    ntagGetVersionReaders:
      readPattern(read, 'KIOSK_NTAG_GET_VERSION') ?? cards.ntagGetVersionReaders ?? null,
  };
}

function readPurseFile(read: EnvReader, file: Cards['purseFile']): CardReadingConfig['purseFile'] {
  const { purseOffset, purseLength } = LIMITS;
  const offset = read.int('KIOSK_PURSE_OFFSET', file.offset, purseOffset.min, purseOffset.max);
  const length = read.int('KIOSK_PURSE_LENGTH', file.length, purseLength.min, purseLength.max);
  if (offset + length > 256) {
    read.problem('KIOSK_PURSE_OFFSET', String(offset), `with length ${length}, past byte 256`, 0);
  }
  return {
    cla: Number.parseInt(read.hex('KIOSK_PURSE_CLA', file.cla.toUpperCase(), 1), 16),
    masterFile: read.hex('KIOSK_PURSE_MASTER_FILE', file.masterFile.toUpperCase(), 2),
    purseFile: read.hex('KIOSK_PURSE_FILE', file.purseFile.toUpperCase(), 2),
    offset,
    length,
  };
}

// The methods that yield a bank-card number, which is only ever kept as its HMAC under the PAN key.
const PAN_METHODS: readonly CredentialMethod[] = ['emv', 'purse-file'];

/**
 * KIOSK_READ_METHODS, else the file's `cards.methods`. A rule with a method that yields a PAN
 * needs the PAN key: when its file is missing and cannot be created, that is a problem here, not
 * a failed start later.
 */
function readMethods(
  read: EnvReader,
  parsed: ParsedKioskFile,
  panKeyFile: string,
): CardReadingConfig['methods'] {
  const fromEnv = readMethodsFromEnv(read);
  const rules =
    fromEnv?.map((rule) => ({ ...rule, key: 'KIOSK_READ_METHODS' })) ??
    parsed.methods.map(({ at, value }) => ({
      readerPattern: value.reader,
      order: value.order,
      key: `cards.methods[${at}].order`,
    }));
  const panRules = rules.filter((rule) => rule.order.some((m) => PAN_METHODS.includes(m)));
  const keyProblem = panRules.length > 0 ? panKeyFileProblem(panKeyFile) : null;
  const lines = (keyProblem === null ? [] : panRules).map((rule) => {
    const method = rule.order.find((m) => PAN_METHODS.includes(m));
    return `${rule.key}: "${method}" needs the PAN key, and ${keyProblem}`;
  });
  read.problems.push(...new Set(lines));
  return rules.map(({ readerPattern, order }) => ({ readerPattern, order }));
}

/**
 * `pattern=method,method;pattern=method`: rules split at `;` (so a pattern cannot hold one), each
 * rule at its last `=`. Every bad rule is named.
 */
function readMethodsFromEnv(read: EnvReader): Array<CardReadingConfig['methods'][number]> | null {
  const key = 'KIOSK_READ_METHODS';
  const raw = read.optionalText(key);
  if (raw === null) return null;
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
    const problem = readerPatternProblem(readerPattern);
    if (problem) {
      read.problem(key, raw, `"${shorten(readerPattern)}": ${problem}`, null);
      continue;
    }
    rules.push({ readerPattern, order: order.filter(known) });
  }
  return rules;
}

/** Comma-separated AIDs: 5 to 16 bytes each (ISO/IEC 7816-4). */
function readAids(read: EnvReader, cards: Cards): readonly string[] {
  const key = 'KIOSK_EMV_AIDS';
  const raw = read.optionalText(key);
  if (raw === null) return cards.emvFallbackAids.map((aid) => aid.toUpperCase());
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
  const problem = readerPatternProblem(pattern);
  return problem === null ? pattern : read.problem(key, pattern, problem, null);
}

const shorten = (text: string): string => (text.length > 40 ? `${text.slice(0, 40)}…` : text);
