import { compileReaderPattern } from '@kiosk/card';
import safeRegex from 'safe-regex2';

/** Longer than any reader name needs; V8 throws on a large enough /regex/ only when it runs. */
export const READER_PATTERN_MAX = 256;
// safe-regex2's bound on repetitions in one pattern (its default): past it, or with a repetition
// inside another (star height above 1, as in /(a+)+$/), a match can take exponential time.
const REPETITION_LIMIT = 25;

/**
 * What is wrong with a reader name pattern, or null: too long, not a regular expression, or one
 * whose matching can backtrack catastrophically (a reader name is matched on every card event).
 */
export function readerPatternProblem(pattern: string): string | null {
  if (pattern.length > READER_PATTERN_MAX)
    return `expected a pattern of at most ${READER_PATTERN_MAX} characters (got ${pattern.length})`;
  const compiled = compileReaderPattern(pattern);
  if (!compiled.ok) return `not a regular expression (${compiled.detail})`;
  const regex = /^\/(.*)\/([a-z]*)$/s.exec(pattern);
  if (regex && !safeRegex(regex[1] ?? '', { limit: REPETITION_LIMIT }))
    return 'a regular expression that can backtrack catastrophically (a repetition inside a repetition, or too many); simplify it';
  return null;
}
