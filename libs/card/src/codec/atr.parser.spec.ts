import fc from 'fast-check';
import { classifyAtr, contactlessStorageInfo, parseAtr } from './atr.parser';
import { readAtrTable } from '../../test-data/test-data';
import { hexBytes } from './hex';

const table = readAtrTable('pcsc-contactless.atr');

describe('parseAtr (ISO/IEC 7816-3)', () => {
  it.each(table)('%s is %s (%s)', (hex, kind) => {
    expect(parseAtr(hexBytes(hex)).ok).toBe(true);
    expect(classifyAtr(hexBytes(hex))).toBe(kind);
  });

  it('reads the PC/SC Part 3 storage card fields', () => {
    const atr = parseAtr(hexBytes('3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 03 00 00 00 00 68'));
    if (!atr.ok) throw new Error(atr.problem);
    expect(atr.value.protocols).toEqual([0, 1]);
    expect(atr.value.tck).toBe(0x68);
    expect(atr.value.historical).toHaveLength(15);
    expect(contactlessStorageInfo(atr.value)).toEqual({ standard: 3, cardName: 3 });
  });

  it.each([
    ['', 'too-short'],
    ['3B', 'too-short'],
    ['3A 00', 'bad-ts'],
    ['3B 8F 80 01 80 4F', 'truncated'],
    ['3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 03 00 00 00 00 69', 'tck-mismatch'],
    ['3B 02 14 50 00', 'trailing-bytes'],
    ['3B 80', 'truncated'],
  ])('refuses "%s" with %s', (hex, problem) => {
    expect(parseAtr(hexBytes(hex))).toMatchObject({ ok: false, problem });
    expect(classifyAtr(hexBytes(hex))).toBe('unknown');
  });

  it('never throws on random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 40 }), (b) => void classifyAtr(b)));
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 40 }).map((b) => Uint8Array.of(0x3b, ...b)),
        (b) => void parseAtr(b),
      ),
    );
  });
});
