import fc from 'fast-check';
import { fitLcdText } from './lcd-text';

describe('fitLcdText', () => {
  it.each<[string, string | string[], readonly [string, string]]>([
    ['pads short lines to 16', ['Welcome', 'Alice'], ['Welcome         ', 'Alice           ']],
    [
      'cuts long lines at 16 and trims what ends the cut',
      ['Access granted for you', 'x'],
      ['Access granted f', 'x               '],
    ],
    ['splits one string at a newline', 'Hello\nWorld', ['Hello           ', 'World           ']],
    [
      'trims and collapses whitespace',
      ['  Zoe \t  Smith  ', ''],
      ['Zoe Smith       ', '                '],
    ],
    ['drops accents', ['Zoë Müller-Ångström', 'Ça va'], ['Zoe Muller-Angst', 'Ca va           ']],
    [
      'spells out letters with no accent-free form',
      ['Straße Øre', 'Łódź'],
      ['Strasse Ore     ', 'Lodz            '],
    ],
    [
      'replaces what the display cannot show',
      ['Hi 👋 李', 'back\\slash~'],
      ['Hi ? ?          ', 'back/slash-     '],
    ],
    [
      'uses typographic quotes and dashes as ASCII',
      ['“Bob’s” – ok…', ''],
      ['"Bob\'s" - ok... ', '                '],
    ],
    [
      'ignores lines past the second',
      ['one', 'two', 'three'],
      ['one             ', 'two             '],
    ],
    ['fills a missing second line', ['only'], ['only            ', '                ']],
  ])('%s', (_name, input, expected) => {
    expect(fitLcdText(input)).toEqual(expected);
  });

  it('centres when asked, and honours another width', () => {
    expect(fitLcdText(['Welcome', ''], { align: 'center' })[0]).toBe('    Welcome     ');
    expect(fitLcdText(['Access denied', 'Expired card'], { columns: 20 })).toEqual([
      'Access denied       ',
      'Expired card        ',
    ]);
  });

  it('always gives two lines of exactly the width, in the display character set', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'binary' }), { maxLength: 4 }),
        fc.integer({ min: 1, max: 40 }),
        (lines, columns) => {
          const fitted = fitLcdText(lines, { columns });
          expect(fitted).toHaveLength(2);
          for (const line of fitted) {
            expect(line).toHaveLength(columns);
            expect(line).toMatch(/^[\x20-\x5b\x5d-\x7d]*$/);
          }
        },
      ),
    );
  });
});
