import fc from 'fast-check';
import { readerPatternProblem, repeatsAlternatives } from './reader-pattern.check';

const UNSAFE =
  'a regular expression that can backtrack catastrophically (a repetition inside a repetition, or too many); simplify it';
const UNSAFE_ALTERNATION =
  'a regular expression that can backtrack catastrophically (a repeated group with alternatives, as in (a|a)*); simplify it';

describe('readerPatternProblem', () => {
  it.each([
    ['ACR122U PICC Interface 00', null],
    ['/ 0[0-9]$/', null],
    ['/^(ACR122|Identiv) /i', null],
    ['/(a|b)?x/', null],
    [`/${'a'.repeat(254)}/`, null],
    [`/${'a'.repeat(255)}/`, 'expected a pattern of at most 256 characters (got 257)'],
    [
      '/(/',
      'not a regular expression (SyntaxError: Invalid regular expression: /(/: Unterminated group)',
    ],
    ['/(a+)+$/', UNSAFE],
    ['/(x*)*y/', UNSAFE],
    [`/${'a*'.repeat(26)}/`, UNSAFE],
    ['/(a|a)*$/', UNSAFE_ALTERNATION],
    ['/(.|a)+b/', UNSAFE_ALTERNATION],
    ['/(?:a|b){30}$/', UNSAFE_ALTERNATION],
    ['/((a|b)c)*$/', UNSAFE_ALTERNATION],
  ])('%s: %s', (pattern, problem) => {
    expect(readerPatternProblem(pattern)).toBe(problem);
  });

  it('reads escapes and character classes as the regex does', () => {
    expect(repeatsAlternatives('\\(a|b\\)*')).toBe(false);
    expect(repeatsAlternatives('[(|]*')).toBe(false);
    expect(repeatsAlternatives('[\\]|(]+(a|b)')).toBe(false);
    expect(repeatsAlternatives('[\\]](a|b)+')).toBe(true);
  });

  it('lets through only patterns that match any reader name quickly', () => {
    const piece = fc.constantFrom(
      'a',
      'b',
      '.',
      '(',
      ')',
      '(?:',
      '|',
      '*',
      '+',
      '?',
      '{2}',
      '{2,}',
      '$',
      '^',
      '\\d',
      '[ab]',
    );
    const names = ['a'.repeat(40) + '!', 'ab'.repeat(20) + '!', 'ACR122U PICC Interface 00'];
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 14 }), (pieces) => {
        const pattern = `/${pieces.join('')}/`;
        if (readerPatternProblem(pattern) !== null) return;
        const regex = new RegExp(pieces.join(''));
        for (const name of names) {
          const started = performance.now();
          regex.test(name);
          expect(performance.now() - started).toBeLessThan(50);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
