import { compileReaderPattern } from '@kiosk/card';
import safeRegex from 'safe-regex2';

/** Longer than any reader name needs; V8 throws on a large enough /regex/ only when it runs. */
export const READER_PATTERN_MAX = 256;
// safe-regex2's bound on repetitions in one pattern (its default): past it, or with a repetition
// inside another (star height above 1, as in /(a+)+$/), a match can take exponential time.
const REPETITION_LIMIT = 25;

const UNSAFE =
  'a regular expression that can backtrack catastrophically (a repetition inside a repetition, or too many); simplify it';
const UNSAFE_ALTERNATION =
  'a regular expression that can backtrack catastrophically (a repeated group with alternatives, as in (a|a)*); simplify it';

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
  if (!regex) return null;
  const source = regex[1] ?? '';
  if (!safeRegex(source, { limit: REPETITION_LIMIT })) return UNSAFE;
  if (repeatsAlternatives(source)) return UNSAFE_ALTERNATION;
  return null;
}

/**
 * Whether a group holding `|` is repeated (`*`, `+`, `{n}`): safe-regex2 counts only star height,
 * yet /(a|a)*$/ takes seconds on a 27-character name, each overlapping alternative one more way
 * to fail. A group with alternatives under `?` or none is fine (/(ACR122|Identiv)/).
 */
export function repeatsAlternatives(source: string): boolean {
  const open: boolean[] = []; // per open group: whether it (or a group inside it) holds `|`
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (c === '[') i = classEnd(source, i);
    else if (c === '(') open.push(false);
    else if (c === '|' && open.length > 0) open[open.length - 1] = true;
    else if (c === ')') {
      const alternatives = open.pop() ?? false;
      if (alternatives && open.length > 0) open[open.length - 1] = true;
      const next = source[i + 1];
      if (alternatives && (next === '*' || next === '+' || next === '{')) return true;
    }
  }
  return false;
}

/** The index of the `]` closing the character class opened at `start` (escapes skipped). */
function classEnd(source: string, start: number): number {
  let i = start + 1;
  if (source[i] === '^') i++;
  while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
  return i;
}
