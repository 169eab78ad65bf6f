import fc from 'fast-check';
import { readAtrTable } from '../../test-data/test-data';
import { describeAtr, formatAtrReport } from './atr-report';
import { parseHistoricalBytes } from './atr-historical.parser';
import { parseNtagVersion } from './card-identity';
import { hexBytes } from './hex';

describe('describeAtr', () => {
  it.each(readAtrTable('real-world.atr'))('%s is a %s: %s', (hex, kind, name) => {
    const report = describeAtr(hex);
    expect(report).toMatchObject({ atr: hex, valid: true, problems: [], card: { kind, name } });
    expect(formatAtrReport(report).join('\n')).toContain(name);
  });

  it('explains a PC/SC Part 3 storage card ATR field by field', () => {
    const r = describeAtr('3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 01 00 00 00 00 6A');
    expect(r).toMatchObject({
      convention: 'direct',
      protocols: [0, 1],
      historicalBytes: '80 4F 0C A0 00 00 03 06 03 00 01 00 00 00 00',
      tck: 'correct',
      card: {
        kind: 'contactless-storage',
        name: 'MIFARE Classic 1K',
        standard: 'ISO/IEC 14443 A, part 3',
      },
    });
    expect(r.interfaceBytes).toEqual([
      { name: 'TD1', value: '80', meaning: 'protocol T=0; next: TD' },
      { name: 'TD2', value: '01', meaning: 'protocol T=1; next: no more interface bytes' },
    ]);
    expect(r.historical?.objects[0]).toMatchObject({
      name: 'application identifier (PC/SC Part 3)',
    });
  });

  it('reads TA1, TC1, TC2 and T=1 / T=15 bytes (OpenPGP card)', () => {
    const r = describeAtr('3B DA 18 FF 81 B1 FE 75 1F 03 00 31 C5 73 C0 01 40 00 90 00 0C');
    expect(r.transmission).toEqual({ fi: 372, di: 12, fMaxMHz: 5, extraGuardTimeEtu: 255 });
    expect(r.globalT15).toBe(true);
    expect(r.protocols).toEqual([1]);
    const meanings = Object.fromEntries(r.interfaceBytes.map((b) => [b.name, b.meaning]));
    expect(meanings).toMatchObject({
      TA1: 'Fi=372 (f max 5 MHz), Di=12',
      TC1: 'extra guard time: minimum (12 etu T=0, 11 etu T=1)',
      TA3: 'T=1 IFSC 254 bytes',
      TB3: 'T=1 BWI=7, CWI=5',
      TA4: 'clock stop not supported; class A B (5 V, 3 V, 1.8 V)',
    });
    expect(r.historical).toMatchObject({
      category: 'compact-tlv-status-last',
      statusIndicator: '00 90 00',
    });
  });

  it('reads the Belgian eID: TA1, TC2, T=0 only, no TCK', () => {
    const r = describeAtr('3B 98 13 40 0A A5 03 01 01 01 AD 13 11');
    expect(r).toMatchObject({ valid: true, tck: 'absent', protocols: [0] });
    expect(r.interfaceBytes.map((b) => `${b.name}=${b.value}`)).toEqual([
      'TA1=13',
      'TD1=40',
      'TC2=0A',
    ]);
    expect(r.interfaceBytes[2]?.meaning).toBe('T=0 waiting time integer WI=10');
    expect(r.historical?.category).toBe('proprietary');
  });

  it('says inverse convention for TS 3F', () => {
    expect(describeAtr('3F 65 25 08 36 04 6C 90 00').convention).toBe('inverse');
  });

  it.each([
    ['', 'too short', 'absent', null],
    ['3B', 'too short', 'absent', null],
    ['3A 00', 'TS is neither', 'absent', null],
    ['zz', 'not hex', 'absent', null],
    ['3B 8F 80 01 80 4F', 'truncated', 'absent', 'direct'],
    ['3B 80', 'truncated', 'absent', 'direct'],
    ['3B 80 80 01', 'TCK missing', 'absent', 'direct'],
    ['3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 03 00 00 00 00 69', 'TCK wrong', 'wrong', 'direct'],
    ['3B 02 14 50 00', 'bytes after the end', 'absent', 'direct'],
    [`3B 0F ${'00 '.repeat(15)}${'00 '.repeat(20)}`, 'longer than 33 bytes', 'absent', 'direct'],
  ])('%j is invalid: %s', (hex, problem, tck, convention) => {
    const r = describeAtr(hex);
    expect(r).toMatchObject({ valid: false, tck, convention, card: null });
    expect(r.problems.join(' ')).toContain(problem);
  });

  it('keeps what it could read of a broken ATR', () => {
    const r = describeAtr('3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 03 00 00 00 00 69');
    expect(r.historicalBytes).toBe('80 4F 0C A0 00 00 03 06 03 00 03 00 00 00 00');
    expect(r.protocols).toEqual([0, 1]);
  });

  it('never throws, and JSON is always complete, for random bytes', () => {
    const keys = [
      'atr',
      'valid',
      'problems',
      'convention',
      'protocols',
      'historicalBytes',
      'tck',
      'card',
    ];
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 48 }), fc.boolean(), (b, direct) => {
        const bytes = direct ? Uint8Array.of(0x3b, ...b) : b;
        const hex = Buffer.from(bytes).toString('hex');
        const r = describeAtr(hex);
        expect(Object.keys(JSON.parse(JSON.stringify(r)) as object)).toEqual(
          expect.arrayContaining(keys),
        );
        expect(r.valid).toBe(r.problems.length === 0);
        void formatAtrReport(r);
      }),
      { numRuns: 3000 },
    );
  });

  it('never throws on any text', () => {
    fc.assert(fc.property(fc.string(), (s) => void describeAtr(s)));
  });
});

describe('parseHistoricalBytes (ISO/IEC 7816-4)', () => {
  it('reads COMPACT-TLV objects after category 80', () => {
    const h = parseHistoricalBytes(hexBytes('80 31 80 65 B0 83 11 48 C8 83 00 90 00'));
    expect(h.category).toBe('compact-tlv');
    expect(h.objects.map((o) => o.name)).toEqual([
      'card service data',
      'pre-issuing data',
      'status indicator',
    ]);
  });

  it('notes an object that claims more bytes than there are', () => {
    const h = parseHistoricalBytes(hexBytes('80 45 01'));
    expect(h.notes[0]).toContain('claims 5 byte(s), 1 left');
  });

  it('never throws on random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 15 }), (b) => void parseHistoricalBytes(b)));
  });
});

describe('parseNtagVersion (NXP GET VERSION, the seeds table)', () => {
  it.each([
    ['00 04 04 02 01 00 13 03', 'NTAG216'],
    ['00 04 04 02 01 00 0F 03', 'NTAG213'],
    ['00 04 04 02 01 00 11 03', 'NTAG215'],
    ['00 04 03 01 01 00 0B 03', 'MF0UL1101'],
  ])('%s is %s', (hex, chip) => {
    expect(parseNtagVersion(hexBytes(hex))?.chip).toBe(chip);
  });

  it('reads an unknown chip without naming it, and refuses a wrong length', () => {
    expect(parseNtagVersion(hexBytes('00 04 09 09 09 09 09 03'))).toMatchObject({ type: 9 });
    expect(parseNtagVersion(hexBytes('00 04 09 09 09 09 09 03'))?.chip).toBeUndefined();
    expect(parseNtagVersion(hexBytes('00 04 04 02'))).toBeUndefined();
  });
});
