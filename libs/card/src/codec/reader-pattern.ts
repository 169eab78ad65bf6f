// It sits in codec/ because it is codec-like (pure, synchronous, a problem comes back as a value)
// and because two layers need it: credential/ (methods per reader) and reader/ (which readers,
// feedback, GET VERSION). In reader/ it made credential/ import upwards, a folder cycle.

/**
 * A reader-name pattern, as every `readerPattern` option takes it: every reader when no pattern
 * is given; `/regex/flags` as a regular expression; anything else as a case-insensitive
 * substring of the reader name ("ACR122", "Virtual PCD 00 01").
 */
export type ReaderPatternResult =
  | { ok: true; matches: (reader: string) => boolean }
  | { ok: false; problem: 'bad-regex'; detail: string };

export function compileReaderPattern(pattern?: string): ReaderPatternResult {
  if (pattern === undefined || pattern === '') return { ok: true, matches: () => true };
  const regex = /^\/(.*)\/([a-z]*)$/s.exec(pattern);
  if (!regex) {
    const needle = pattern.toLowerCase();
    return { ok: true, matches: (reader) => reader.toLowerCase().includes(needle) };
  }
  try {
    const re = new RegExp(regex[1] ?? '', (regex[2] ?? '').replace(/[gy]/g, ''));
    return { ok: true, matches: (reader) => re.test(reader) };
  } catch (error) {
    return { ok: false, problem: 'bad-regex', detail: String(error) };
  }
}
