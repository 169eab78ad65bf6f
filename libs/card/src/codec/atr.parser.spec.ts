import fc from 'fast-check';
import { analyzeAtr, type Atr, classifyAtr, contactlessStorageInfo, parseAtr } from './atr.parser';
import { type AtrCase, validAtr } from '../../test-data/arbitraries';
import { readAtrTable } from '../../test-data/test-data';
import { hexBytes } from './hex';

const table = readAtrTable('pcsc-contactless.atr');

/** The ATR whose bytes before TCK are `hex`, with its TCK (XOR of T0 to TCK is zero). */
function withTck(hex: string): Uint8Array {
  const bytes = hexBytes(hex);
  return Uint8Array.of(
    ...bytes,
    bytes.subarray(1).reduce((x, b) => x ^ b, 0),
  );
}

/** What parseAtr should read from an ATR built from its parts. */
function expectedAtr(c: AtrCase): Atr {
  // ISO/IEC 7816-3:2006 §8.2.3: T=0 when no TD announces a protocol; T=15 is no protocol.
  const offered = [...new Set(c.announced.filter((t) => t !== 15))];
  const atr: Atr = {
    bytes: c.bytes,
    ts: c.ts,
    convention: c.ts === 0x3b ? 'direct' : 'inverse',
    t0: c.t0,
    interfaceBytes: c.interfaceBytes,
    protocols: offered.length > 0 ? offered : [0],
    globalT15: c.announced.includes(15),
    historical: c.historical,
  };
  if (c.tck !== undefined) atr.tck = c.tck;
  return atr;
}

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

  // 3B FF: TA1 TB1 TC1 TD1 and 15 historical bytes; each TD announces T=1 and the next group.
  const LONGEST =
    '3B FF 96 00 00 F1 00 00 00 F1 00 00 00 71 00 00 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F';

  it('reads an ATR of 33 bytes, the most ISO/IEC 7816-3 allows', () => {
    const bytes = withTck(LONGEST);
    expect(bytes).toHaveLength(33);
    const parsed = parseAtr(bytes);
    expect(parsed).toMatchObject({ ok: true, used: 33, value: { protocols: [1] } });
    expect(parsed.ok && parsed.value.interfaceBytes).toHaveLength(4);
  });

  it('refuses a 34-byte ATR that is otherwise whole as too long', () => {
    // A fifth, empty group: TD4 = 01.
    const bytes = withTck(LONGEST.replace('71 00 00 00', 'F1 00 00 00 01'));
    expect(bytes).toHaveLength(34);
    expect(analyzeAtr(bytes)).toMatchObject({
      problems: [{ problem: 'too-long', at: 33 }],
      tck: 'correct',
    });
  });

  it('names bytes after a correct TCK as trailing, and still reads the TCK', () => {
    const atr = '3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 03 00 00 00 00 68';
    expect(analyzeAtr(hexBytes(`${atr} 90`))).toMatchObject({
      atr: { tck: 0x68 },
      problems: [{ problem: 'trailing-bytes', at: 20 }],
      tck: 'correct',
    });
    expect(parseAtr(hexBytes(`${atr} 90 00`))).toEqual({
      ok: false,
      problem: 'trailing-bytes',
      at: 20,
    });
    expect(analyzeAtr(Uint8Array.of(...withTck(LONGEST), 0x90))).toMatchObject({
      problems: [
        { problem: 'trailing-bytes', at: 33 },
        { problem: 'too-long', at: 33 },
      ],
      tck: 'correct',
    });
  });
});

describe('classifyAtr: ATRs that nearly match the PC/SC Part 3 contactless form', () => {
  // The storage-card form: 3B 8F 80 01, then 80 4F 0C, the RID A0 00 00 03 06, SS, NN NN, 00 x4.
  const STORAGE = '80 4F 0C A0 00 00 03 06 03 00 03 00 00 00 00';

  it.each([
    ['TA1 present', `3B 9F 11 80 01 ${STORAGE}`],
    ['TB1 present', `3B AF 00 80 01 ${STORAGE}`],
    ['TC1 present', `3B CF 00 80 01 ${STORAGE}`],
    ['TD1 announcing T=1', `3B 8F 81 01 ${STORAGE}`],
    ['TD2 announcing T=15', `3B 8F 80 0F ${STORAGE}`],
    ['TD2 announcing T=2', `3B 8F 80 02 ${STORAGE}`],
  ])('%s: a contact card', (_name, hex) => {
    expect(parseAtr(withTck(hex)).ok).toBe(true);
    expect(classifyAtr(withTck(hex))).toBe('contact');
  });

  it.each([
    ['10 historical bytes', '3B 8A 80 01 80 4F 0C A0 00 00 03 06 03 00'],
    ['category 81, not 80', `3B 8F 80 01 81 ${STORAGE.slice(3)}`],
    ['tag 4E, not 4F', `3B 8F 80 01 80 4E ${STORAGE.slice(6)}`],
    ['AID length 0B, not 0C', `3B 8F 80 01 80 4F 0B ${STORAGE.slice(9)}`],
    ['RID A1 00 00 03 06', `3B 8F 80 01 ${STORAGE.replace('A0 00 00 03 06', 'A1 00 00 03 06')}`],
    ['RID A0 01 00 03 06', `3B 8F 80 01 ${STORAGE.replace('A0 00 00 03 06', 'A0 01 00 03 06')}`],
    ['RID A0 00 01 03 06', `3B 8F 80 01 ${STORAGE.replace('A0 00 00 03 06', 'A0 00 01 03 06')}`],
    ['RID A0 00 00 04 06', `3B 8F 80 01 ${STORAGE.replace('A0 00 00 03 06', 'A0 00 00 04 06')}`],
    ['RID A0 00 00 03 07', `3B 8F 80 01 ${STORAGE.replace('A0 00 00 03 06', 'A0 00 00 03 07')}`],
  ])('%s: a contactless processor card, no storage card', (_name, hex) => {
    const parsed = parseAtr(withTck(hex));
    if (!parsed.ok) throw new Error(parsed.problem);
    expect(contactlessStorageInfo(parsed.value)).toBeUndefined();
    expect(classifyAtr(withTck(hex))).toBe('contactless-processor');
  });

  it('reads SS and NN NN from 11 historical bytes, the fewest that hold them', () => {
    const parsed = parseAtr(withTck('3B 8B 80 01 80 4F 0C A0 00 00 03 06 11 01 02'));
    if (!parsed.ok) throw new Error(parsed.problem);
    expect(contactlessStorageInfo(parsed.value)).toEqual({ standard: 0x11, cardName: 0x0102 });
    expect(classifyAtr(parsed.value.bytes)).toBe('contactless-storage');
  });
});

describe('parseAtr properties (valid ATRs built from their parts)', () => {
  it.each([true, false])('reads every valid ATR, with TCK: %s', (tck) => {
    fc.assert(
      fc.property(validAtr({ withTck: tck }), (c) => {
        expect(parseAtr(c.bytes)).toEqual({
          ok: true,
          value: expectedAtr(c),
          used: c.bytes.length,
        });
        expect(analyzeAtr(c.bytes)).toMatchObject({
          problems: [],
          tck: tck ? 'correct' : 'absent',
        });
      }),
    );
  });

  it('names a wrong TCK, a missing TCK and a byte after the TCK', () => {
    fc.assert(
      fc.property(validAtr({ withTck: true }), fc.integer({ min: 1, max: 255 }), (c, flip) => {
        const n = c.bytes.length;
        const wrong = Uint8Array.of(...c.bytes.subarray(0, n - 1), (c.tck ?? 0) ^ flip);
        expect(analyzeAtr(wrong)).toMatchObject({
          problems: [{ problem: 'tck-mismatch', at: n - 1 }],
          tck: 'wrong',
        });
        expect(parseAtr(c.bytes.subarray(0, n - 1))).toEqual({
          ok: false,
          problem: 'tck-missing',
          at: n - 1,
        });
        expect(parseAtr(Uint8Array.of(...c.bytes, flip))).toEqual({
          ok: false,
          problem: 'trailing-bytes',
          at: n,
        });
      }),
    );
  });

  it('names a byte after an ATR that offers only T=0 as trailing (no TCK is due)', () => {
    fc.assert(
      fc.property(validAtr({ withTck: false }), fc.integer({ min: 0, max: 255 }), (c, extra) => {
        const n = c.bytes.length;
        expect(analyzeAtr(Uint8Array.of(...c.bytes, extra))).toMatchObject({
          problems: [{ problem: 'trailing-bytes', at: n }],
          tck: 'absent',
        });
      }),
    );
  });

  it('names every truncation: truncated, or tck-missing when only TCK is gone', () => {
    fc.assert(
      fc.property(validAtr({ withTck: true }), fc.nat(), (c, cut) => {
        const n = c.bytes.length;
        const length = 2 + (cut % (n - 2));
        const problem = length === n - 1 ? 'tck-missing' : 'truncated';
        expect(parseAtr(c.bytes.subarray(0, length))).toMatchObject({ ok: false, problem });
      }),
    );
  });
});

describe('analyzeAtr details (found by mutation testing)', () => {
  it('has no TCK to speak of for an ATR too short or with a bad TS', () => {
    expect(analyzeAtr(new Uint8Array(0))).toEqual({
      problems: [{ problem: 'too-short', at: 0 }],
      tck: 'absent',
    });
    expect(analyzeAtr(hexBytes('3B'))).toEqual({
      problems: [{ problem: 'too-short', at: 1 }],
      tck: 'absent',
    });
    expect(analyzeAtr(hexBytes('42 00'))).toEqual({
      problems: [{ problem: 'bad-ts', at: 0 }],
      tck: 'absent',
    });
  });

  it('names a chain cut short once, where it was cut, and keeps the part that came', () => {
    // T0 = 91: TA1 announced and present (11), TD1 announced and missing, one historical byte.
    const analysis = analyzeAtr(hexBytes('3B 91 11'));
    expect(analysis.problems).toEqual([{ problem: 'truncated', at: 3 }]);
    expect(analysis.atr?.interfaceBytes).toEqual([{ ta: 0x11 }]);
  });

  it('owns its bytes: changing the input after parsing changes nothing', () => {
    const input = hexBytes('3B 00');
    const parsed = parseAtr(input);
    expect(parsed.ok).toBe(true);
    input[1] = 0x11;
    expect(parsed.ok && Array.from(parsed.value.bytes)).toEqual([0x3b, 0x00]);
  });
});
