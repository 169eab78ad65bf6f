import fc from 'fast-check';
import { PageBytes } from './page-bytes';

describe('PageBytes', () => {
  it('holds the UTF-8 of the lines appended, as Buffer.from of their text would', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'binary' }), { maxLength: 40 }),
        fc.integer({ min: 1, max: 64 }),
        (lines, expected) => {
          const bytes = new PageBytes(expected);
          for (const line of lines) bytes.append(line);
          const taken = bytes.take();
          expect(taken.equals(Buffer.from(lines.join(''), 'utf8'))).toBe(true);
          expect(bytes.length).toBe(taken.length);
        },
      ),
    );
  });

  it('grows past the size it expected, keeping what it held', () => {
    const bytes = new PageBytes(4);
    bytes.append('ab');
    bytes.append('Zoë 👋 門\n');
    bytes.append('\uD800 lone');
    expect(bytes.take().toString('utf8')).toBe('abZoë 👋 門\n\uFFFD lone');
  });

  it('takes nothing when nothing was appended', () => {
    expect(new PageBytes(16).take()).toHaveLength(0);
  });
});
