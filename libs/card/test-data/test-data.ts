// Test fixtures of libs/card, read for specs (codec specs may not touch node:fs themselves).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The text of test-data/traces/<name>. */
export const readTrace = (name: string): string =>
  readFileSync(join(__dirname, 'traces', name), 'utf8');

/** The names of every trace file. */
export const traceNames = (): string[] =>
  readdirSync(join(__dirname, 'traces')).filter((file) => file.endsWith('.apdu'));

/** Rows of test-data/atr/<name>: [ATR hex, card kind, what], `|`-separated, `#` comments. */
export const readAtrTable = (name: string): [string, string, string][] =>
  readFileSync(join(__dirname, 'atr', name), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => line.split('|').map((cell) => cell.trim()) as [string, string, string]);
