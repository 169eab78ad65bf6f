import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The secrets the end-to-end suite uses, and a scan of what its processes wrote for them. Pure
 * (apart from reading source files), so that a unit spec can show each finding is found.
 *
 * What counts as a secret:
 * - a test PAN: every Luhn-valid run of 12 to 19 digits (not starting with 0, not inside a hex
 *   string) in the test sources, the
 *   card traces and the virtual card profiles. Found in a line as digits, or as BCD in a hex dump
 *   with or without separators ("41 11 11 11 ...", "41:11:...").
 * - an API token: anything shaped like one (`kiosk.<id>.<secret>`), and each token secret a test
 *   was shown, on its own.
 * - a key: the bytes of each PAN key and audit signing key a test kiosk created, as hex, base64 or
 *   base64url, and each line of a PEM body.
 * The kiosk has no PIN entry: there is no PIN to look for.
 */

export interface Secret {
  kind: 'pan' | 'token' | 'key';
  value: string;
}

export interface Finding {
  source: string;
  line: number;
  kind: Secret['kind'];
  /** Masked: a report must not print what it found. */
  shown: string;
}

const TOKEN_SHAPE = /kiosk\.[0-9A-Za-z-]{8,}\.[0-9A-Za-z_-]{16,}/;
const HEX_BYTE_SEPARATOR = /\b([0-9A-Fa-f]{2})[ :-](?=[0-9A-Fa-f]{2}\b)/g;

export function isLuhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = digits.length - 1, double = false; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (double) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/** The test PANs spelled out in `text` (a source file, a trace). */
export function pansIn(text: string): string[] {
  // Not part of a longer hex string (an AID such as A0000006581010 holds a Luhn-valid run), and
  // not starting with 0 (no card scheme issues such numbers).
  const found = text.match(/(?<![0-9A-Fa-f])[1-9][0-9]{11,18}(?![0-9A-Fa-f])/g) ?? [];
  return [...new Set(found)].filter((d) => isLuhnValid(d));
}

/** Every file under `dirs` whose name ends with one of `endings`, recursively. */
export function sourceFiles(dirs: string[], endings: string[]): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (endings.some((e) => name.endsWith(e))) files.push(path);
    }
  };
  for (const dir of dirs) walk(dir);
  return files;
}

/** The spellings of a key file's content that a careless log line could hold. */
export function keySpellings(content: Buffer): string[] {
  const text = content.toString('utf8');
  if (text.includes('-----BEGIN')) {
    return text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.length >= 16 && !l.startsWith('-----'));
  }
  return [
    content.toString('hex'),
    content.toString('hex').toUpperCase(),
    content.toString('base64'),
    content.toString('base64url'),
  ];
}

/** Every place in `text` (the output of `source`) where one of `secrets` shows. */
export function scanText(source: string, text: string, secrets: Secret[]): Finding[] {
  const findings: Finding[] = [];
  const joinedHex = text.replace(HEX_BYTE_SEPARATOR, '$1');
  const lines = text.split('\n');
  const found = (kind: Secret['kind'], shown: string, where: (line: string) => boolean) => {
    const index = lines.findIndex(where);
    findings.push({ source, line: index + 1, kind, shown });
  };
  if (TOKEN_SHAPE.test(text)) {
    const token = TOKEN_SHAPE.exec(text)?.[0] ?? '';
    found('token', mask(token), (l) => TOKEN_SHAPE.test(l));
  }
  // Whole-text searches first: most outputs hold nothing, and a line-by-line search of every
  // secret in every line of a run's output is slow.
  for (const secret of secrets) {
    if (text.includes(secret.value)) {
      found(secret.kind, mask(secret.value), (l) => l.includes(secret.value));
    } else if (secret.kind === 'pan' && joinedHex.includes(secret.value)) {
      found(secret.kind, mask(secret.value), (l) =>
        l.replace(HEX_BYTE_SEPARATOR, '$1').includes(secret.value),
      );
    }
  }
  return findings;
}

function mask(value: string): string {
  return value.length <= 10 ? '*'.repeat(value.length) : `${value.slice(0, 4)}…${value.slice(-2)}`;
}

export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}
