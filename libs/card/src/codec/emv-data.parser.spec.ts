import fc from 'fast-check';
import { panDigits } from '../../test-data/arbitraries';
import { encodeBcd } from './bcd.codec';
import { decodeBerTlv, encodeBerTlv, type TlvInput, type TlvNode } from './ber-tlv.codec';
import { panPlaces, parseGpoResponse, track1Pan, track2Pan } from './emv-data.parser';
import { hexBytes } from './hex';

const nodes = (...objects: TlvInput[]): TlvNode[] => {
  const encoded = encodeBerTlv(objects);
  const decoded = encoded.ok ? decodeBerTlv(encoded.bytes) : undefined;
  if (!decoded?.ok) throw new Error('fixture TLV');
  return decoded.value;
};
const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);
const track2 = (pan: string): Uint8Array => {
  const digits = `${pan}D2512201000000000000`;
  return hexBytes(digits.length % 2 === 0 ? digits : `${digits}F`);
};
const bcd = (digits: string): Uint8Array => {
  const encoded = encodeBcd(digits);
  if (!encoded.ok) throw new Error('fixture BCD');
  return encoded.bytes;
};

describe('parseGpoResponse (EMV 4.3 Book 3 §6.5.8.4)', () => {
  it.each([
    ['format 1 (80): AIP then AFL', '80 06 1C 00 10 01 01 00'],
    ['format 2 (77): AIP in 82, AFL in 94', '77 0A 82 02 1C 00 94 04 10 01 01 00'],
    ['the template 70 (Interac): read as format 2', '70 0A 82 02 1C 00 94 04 10 01 01 00'],
  ])('%s', (_what, hex) => {
    const parsed = parseGpoResponse(hexBytes(hex));
    expect(parsed).toMatchObject({
      ok: true,
      value: { aip: hexBytes('1C00'), afl: [{ sfi: 2, first: 1, last: 1, offlineRecords: 0 }] },
    });
  });

  it('another template is an unknown format', () => {
    expect(parseGpoResponse(hexBytes('6F 04 82 02 1C 00'))).toMatchObject({
      ok: false,
      problem: 'unknown-format',
    });
  });

  it('never throws, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        parseGpoResponse(bytes);
        const framed = Uint8Array.of(0x70, bytes.length & 0x7f, ...bytes.subarray(0, 0x7f));
        parseGpoResponse(framed);
      }),
    );
  });
});

describe('panPlaces: where a card carries its PAN', () => {
  it('5A, 57, 9F6B and 56, in that order, each with its digits', () => {
    const pan = '5413330089600010';
    expect(
      panPlaces(
        nodes({
          tag: 0x70,
          children: [
            { tag: 0x56, value: ascii(`B${pan}^TEST/CARD^2512201`) },
            { tag: 0x9f6b, value: track2(pan) },
            { tag: 0x57, value: track2(pan) },
            { tag: 0x5a, value: bcd(pan) },
          ],
        }),
      ),
    ).toEqual([
      { source: 'tag-5a', digits: pan },
      { source: 'track2-57', digits: pan },
      { source: 'track2-9f6b', digits: pan },
      { source: 'track1-56', digits: pan },
    ]);
  });

  it('leaves out a place whose bytes hold no PAN', () => {
    expect(
      panPlaces(
        nodes(
          { tag: 0x57, value: hexBytes('D2512201') },
          { tag: 0x56, value: ascii('no separator') },
          { tag: 0x9f6b, value: track2('5555555555554444') },
        ),
      ),
    ).toEqual([{ source: 'track2-9f6b', digits: '5555555555554444' }]);
  });

  it('finds the same PAN in each place it is put (any PAN of 12-19 digits)', () => {
    fc.assert(
      fc.property(
        panDigits(),
        fc.subarray([0x5a, 0x57, 0x9f6b, 0x56], { minLength: 1 }),
        (pan, tags) => {
          const values: Record<number, Uint8Array> = {
            0x5a: bcd(pan),
            0x57: track2(pan),
            0x9f6b: track2(pan),
            0x56: ascii(`B${pan}^A/B^2512`),
          };
          const places = panPlaces(nodes(...tags.map((tag) => ({ tag, value: values[tag]! }))));
          expect(places).toHaveLength(tags.length);
          for (const place of places) expect(place.digits).toBe(pan);
        },
      ),
    );
  });
});

describe('track1Pan (ISO/IEC 7813 track 1, format B)', () => {
  it.each([
    ['B5555555555554444^TEST/CARD^2512201', '5555555555554444'],
    ['5555555555554444^TEST/CARD^2512201', '5555555555554444'], // no format code
    ['B5555 5555^TEST', undefined], // not digits
    ['B^TEST^2512', undefined], // empty
    ['B5555555555554444', undefined], // no ^
  ])('%s -> %s', (text, pan) => {
    expect(track1Pan(ascii(text))).toBe(pan);
  });

  it('never throws, and gives digits only', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const pan = track1Pan(bytes);
        expect(pan === undefined || /^\d+$/.test(pan)).toBe(true);
        const pan2 = track2Pan(bytes);
        expect(pan2 === undefined || /^\d+$/.test(pan2)).toBe(true);
      }),
    );
  });
});
