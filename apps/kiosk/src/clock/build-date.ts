import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * No earlier time can be right: the kiosk did not exist yet (its first migration is dated
 * 2026-11). The floor when no build date is known (running from the sources, under a test).
 */
export const EARLIEST_PLAUSIBLE = new Date('2026-11-01T00:00:00Z');

/** Written by `npm run build` (tools/write-build-info.ts) at the root of dist/. */
export const BUILD_INFO_FILE = 'build-info.json';

/**
 * The earliest time the clock can say and be right: the date of the commit the running build was
 * made from (dist/build-info.json), or EARLIEST_PLAUSIBLE when there is none or it is earlier.
 */
export function earliestPlausible(from = __dirname): Date {
  return laterOf(EARLIEST_PLAUSIBLE, buildDate(from));
}

/**
 * The date of the commit the running build was made from (dist/build-info.json), found by walking
 * up from this file as kioskVersion finds package.json; null when there is none (the sources).
 */
export function buildDate(from = __dirname): Date | null {
  for (let dir = from; ; dir = dirname(dir)) {
    const file = join(dir, BUILD_INFO_FILE);
    if (existsSync(file)) return builtAt(file);
    if (dirname(dir) === dir) return null;
  }
}

function builtAt(file: string): Date | null {
  try {
    const info = JSON.parse(readFileSync(file, 'utf8')) as { builtAt?: unknown };
    const at = typeof info.builtAt === 'string' ? new Date(info.builtAt) : null;
    return at && !Number.isNaN(at.getTime()) ? at : null;
  } catch {
    return null; // an unreadable file is no build date: the floor holds
  }
}

const laterOf = (a: Date, b: Date | null): Date => (b && b > a ? b : a);
